// Cents: an amount of euros as a whole number of cents (int64). The only money type inside Mamon;
// floating point never holds money. Arithmetic is checked: overflow is a value, not UB.
//
// Text forms accepted by parse(): an optional '-', digits, optionally '.' and one or two digits
// ("12", "12.3", "12.35", "-0.50"). Rejected: 3+ decimals, exponents, '+', spaces, empty parts
// ("12.", ".5"), leading zeros beyond one ("007"), and magnitudes above kMoneyAbsMaxCents.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace mamon {

class Cents {
 public:
  constexpr Cents() = default;
  constexpr explicit Cents(std::int64_t value) : value_(value) {}

  static constexpr Cents zero() { return Cents(0); }

  // Exact parse of a decimal euro amount (see the file comment). Error: kInvalidAmount.
  static Result<Cents> parse(std::string_view text);

  // Parses a decimal with any number of decimals and rounds it to cents, half away from zero
  // (used only by the importer for the old system's floats, e.g. "884.8430000000001").
  // `rounded` is set when digits were dropped. Accepts an exponent ("1e-05").
  static Result<Cents> parse_rounding(std::string_view text, bool* rounded);

  constexpr std::int64_t value() const { return value_; }

  // "12.35", "-0.50", "0.00": always two decimals.
  std::string to_string() const;

  // Checked arithmetic: kInvalidAmount on int64 overflow.
  Result<Cents> plus(Cents other) const;
  Result<Cents> minus(Cents other) const;
  Result<Cents> times(std::int64_t factor) const;

  constexpr auto operator<=>(const Cents&) const = default;

 private:
  std::int64_t value_ = 0;
};

}  // namespace mamon
