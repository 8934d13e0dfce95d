#include "base/money.h"

#include <algorithm>
#include <cstdlib>
#include <limits>

#include "base/limits.h"

namespace mamon {
namespace {

Error invalid_amount(std::string_view text, std::string_view why) {
  std::string message = "'";
  message.append(text.substr(0, 40)).append("' is not a valid amount: ").append(why);
  return make_error(ErrorCode::kInvalidAmount, std::move(message));
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

Result<Cents> Cents::parse(std::string_view text) {
  std::string_view rest = text;
  bool negative = false;
  if (!rest.empty() && rest.front() == '-') {
    negative = true;
    rest.remove_prefix(1);
  }
  std::size_t dot = rest.find('.');
  std::string_view whole = rest.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? std::string_view{} : rest.substr(dot + 1);
  if (whole.empty()) return invalid_amount(text, "no digits before the decimal point");
  if (dot != std::string_view::npos && fraction.empty()) {
    return invalid_amount(text, "no digits after the decimal point");
  }
  if (fraction.size() > 2) return invalid_amount(text, "more than two decimals");
  if (whole.size() > 1 && whole.front() == '0') return invalid_amount(text, "leading zero");
  for (char c : whole) {
    if (!is_digit(c)) return invalid_amount(text, "not a number");
  }
  for (char c : fraction) {
    if (!is_digit(c)) return invalid_amount(text, "not a number");
  }
  // Max 1,000,000.00 -> at most 7 whole digits before the range check below; more is too large.
  if (whole.size() > 12) return invalid_amount(text, "too large");
  std::int64_t cents = 0;
  for (char c : whole) cents = cents * 10 + (c - '0');
  cents *= 100;
  if (fraction.size() >= 1) cents += (fraction[0] - '0') * 10;
  if (fraction.size() == 2) cents += fraction[1] - '0';
  if (cents > limits::kMoneyAbsMaxCents) return invalid_amount(text, "too large");
  return Cents(negative ? -cents : cents);
}

Result<Cents> Cents::parse_rounding(std::string_view text, bool* rounded) {
  if (rounded != nullptr) *rounded = false;
  // Split mantissa and exponent, then shift the decimal point by the exponent in text.
  std::string_view mantissa = text;
  long exponent = 0;
  std::size_t e = text.find_first_of("eE");
  if (e != std::string_view::npos) {
    mantissa = text.substr(0, e);
    std::string exp_text(text.substr(e + 1));
    if (exp_text.empty() || exp_text.size() > 5) return invalid_amount(text, "bad exponent");
    char* end = nullptr;
    exponent = std::strtol(exp_text.c_str(), &end, 10);
    if (*end != '\0') return invalid_amount(text, "bad exponent");
  }
  bool negative = false;
  if (!mantissa.empty() && (mantissa.front() == '-' || mantissa.front() == '+')) {
    negative = mantissa.front() == '-';
    mantissa.remove_prefix(1);
  }
  std::string digits;
  long point = -1;  // number of digits before the decimal point
  for (char c : mantissa) {
    if (c == '.') {
      if (point >= 0) return invalid_amount(text, "two decimal points");
      point = static_cast<long>(digits.size());
    } else if (is_digit(c)) {
      digits.push_back(c);
    } else {
      return invalid_amount(text, "not a number");
    }
  }
  if (digits.empty()) return invalid_amount(text, "not a number");
  if (point < 0) point = static_cast<long>(digits.size());
  point += exponent;
  // The value is 0.digits * 10^point. Cents are the digits up to position point+2.
  long cents_digits = point + 2;
  if (cents_digits > 15) return invalid_amount(text, "too large");
  std::int64_t cents = 0;
  for (long i = 0; i < cents_digits; ++i) {
    int d = (i >= 0 && i < static_cast<long>(digits.size())) ? digits[i] - '0' : 0;
    cents = cents * 10 + d;
  }
  // Round half away from zero on the first dropped digit; note any dropped non-zero digit.
  const long digit_count = static_cast<long>(digits.size());
  const int first_dropped =
      (cents_digits >= 0 && cents_digits < digit_count) ? digits[cents_digits] - '0' : 0;
  bool dropped = false;
  for (long i = std::max(0L, cents_digits); i < digit_count; ++i) dropped |= digits[i] != '0';
  if (first_dropped >= 5) cents += 1;
  if (cents > limits::kMoneyAbsMaxCents) return invalid_amount(text, "too large");
  if (rounded != nullptr) *rounded = dropped;
  return Cents(negative ? -cents : cents);
}

std::string Cents::to_string() const {
  // Work in unsigned space so that the most negative value formats correctly.
  bool negative = value_ < 0;
  std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(value_)
                                     : static_cast<std::uint64_t>(value_);
  std::string whole = std::to_string(magnitude / 100);
  std::uint64_t fraction = magnitude % 100;
  std::string out = negative ? "-" : "";
  out += whole;
  out += '.';
  out += static_cast<char>('0' + fraction / 10);
  out += static_cast<char>('0' + fraction % 10);
  return out;
}

Result<Cents> Cents::plus(Cents other) const {
  std::int64_t out = 0;
  if (__builtin_add_overflow(value_, other.value_, &out)) {
    return make_error(ErrorCode::kInvalidAmount, "amount overflow");
  }
  return Cents(out);
}

Result<Cents> Cents::minus(Cents other) const {
  std::int64_t out = 0;
  if (__builtin_sub_overflow(value_, other.value_, &out)) {
    return make_error(ErrorCode::kInvalidAmount, "amount overflow");
  }
  return Cents(out);
}

Result<Cents> Cents::times(std::int64_t factor) const {
  std::int64_t out = 0;
  if (__builtin_mul_overflow(value_, factor, &out)) {
    return make_error(ErrorCode::kInvalidAmount, "amount overflow");
  }
  return Cents(out);
}

}  // namespace mamon
