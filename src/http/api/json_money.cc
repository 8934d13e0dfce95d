#include "http/api/json_money.h"

#include <charconv>
#include <cmath>
#include <string>
#include <system_error>

#include <nlohmann/json.hpp>

#include "base/limits.h"

namespace mamon::http::api {
namespace {

Error invalid_amount(std::string_view field, std::string message) {
  return make_error(ErrorCode::kInvalidAmount, std::move(message), std::string(field));
}

Result<Cents> checked_magnitude(Cents cents, std::string_view field) {
  if (cents.value() > limits::kMoneyAbsMaxCents || cents.value() < -limits::kMoneyAbsMaxCents) {
    return invalid_amount(field, "Amount is too large.");
  }
  return cents;
}

}  // namespace

Result<Cents> money_from_json(const nlohmann::json& value, std::string_view field) {
  if (value.is_number_integer()) {
    // Whole euros. Compare before multiplying so the product cannot overflow.
    constexpr std::int64_t kEurosMax = limits::kMoneyAbsMaxCents / 100;
    if (value.is_number_unsigned()) {
      const auto euros = value.get<std::uint64_t>();
      if (euros > static_cast<std::uint64_t>(kEurosMax)) return invalid_amount(field, "Amount is too large.");
      return Cents(static_cast<std::int64_t>(euros) * 100);
    }
    const auto euros = value.get<std::int64_t>();
    if (euros > kEurosMax || euros < -kEurosMax) return invalid_amount(field, "Amount is too large.");
    return Cents(euros * 100);
  }
  if (value.is_number_float()) {
    const double euros = value.get<double>();
    if (!std::isfinite(euros)) return invalid_amount(field, "Amount must be a finite number.");
    // Reject absurd sizes before formatting: their text would carry an exponent.
    if (std::fabs(euros) > static_cast<double>(limits::kMoneyAbsMaxCents) / 100.0) {
      return invalid_amount(field, "Amount is too large.");
    }
    char buffer[64];
    // Fixed notation with the shortest round-trip digits: 0.1 -> "0.1", 1e-05 -> "0.00001".
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, euros, std::chars_format::fixed);
    if (ec != std::errc()) return invalid_amount(field, "Amount is not a valid number.");
    std::string text(buffer, end);
    // "12.0" from a JSON "12.0": drop a trailing ".0"-style zero fraction that parse() accepts
    // anyway; "-0" is normalised to "0".
    if (text == "-0") text = "0";
    auto parsed = Cents::parse(text);
    if (!parsed) {
      return invalid_amount(field, "Amount must be a number with at most 2 decimals.");
    }
    return checked_magnitude(*parsed, field);
  }
  return invalid_amount(field, "Amount must be a number.");
}

nlohmann::json money_to_json(Cents amount) {
  const std::int64_t cents = amount.value();
  if (cents % 100 == 0) return nlohmann::json(cents / 100);
  // Shortest round-trip double of the decimal text: nlohmann prints it back as e.g. 12.35.
  const std::string text = amount.to_string();
  double euros = 0;
  std::from_chars(text.data(), text.data() + text.size(), euros);
  return nlohmann::json(euros);
}

}  // namespace mamon::http::api
