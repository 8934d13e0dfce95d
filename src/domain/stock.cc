#include "domain/stock.h"

#include <array>

namespace mamon::domain {
namespace {

constexpr std::array<std::string_view, 5> kKindNames = {"import", "delivery", "count", "loss",
                                                        "sale"};

Error invalid(std::string field, std::string message) {
  return make_error(ErrorCode::kInvalidInput, std::move(message), std::move(field));
}

int step_decimals(StockUnit unit) {
  return steps_per_unit(unit) == 1 ? 0 : 3;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

std::string_view stock_mutation_kind_name(StockMutationKind kind) {
  return kKindNames[static_cast<std::size_t>(kind)];
}

std::optional<StockMutationKind> parse_stock_mutation_kind(std::string_view name) {
  for (std::size_t i = 0; i < kKindNames.size(); ++i) {
    if (kKindNames[i] == name) return static_cast<StockMutationKind>(i);
  }
  return std::nullopt;
}

bool is_manual_stock_mutation(StockMutationKind kind) {
  return kind == StockMutationKind::kDelivery || kind == StockMutationKind::kCount ||
         kind == StockMutationKind::kLoss;
}

Status check_manual_mutation(StockMutationKind kind, std::int64_t quantity_delta) {
  if (!is_manual_stock_mutation(kind)) {
    return invalid("kind", "Only a delivery, a count or a loss can be recorded by hand.");
  }
  if (quantity_delta > kStockStepsAbsMax || quantity_delta < -kStockStepsAbsMax) {
    return invalid("quantity", "The quantity is too large.");
  }
  if (kind == StockMutationKind::kDelivery && quantity_delta <= 0) {
    return invalid("quantity", "A delivery must add to the stock: enter a positive quantity.");
  }
  if (kind == StockMutationKind::kLoss && quantity_delta >= 0) {
    return invalid("quantity", "A loss must remove from the stock: enter a negative quantity.");
  }
  return ok_status();
}

Result<std::int64_t> parse_stock_quantity(std::string_view text, StockUnit unit,
                                          std::string field) {
  Error error = invalid(
      field, steps_per_unit(unit) == 1
                 ? "Enter a whole number of " + std::string(stock_unit_name(unit)) + ", such as 25."
                 : "Enter a number of " + std::string(stock_unit_name(unit)) +
                       " with at most 3 decimals, such as 0.25.");
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  // Mantissa digits (without the point) and the power of ten they are scaled by.
  std::string digits;
  int exponent = 0;
  std::size_t i = 0;
  bool seen_point = false;
  bool seen_digit = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (is_digit(c)) {
      seen_digit = true;
      if (digits.empty() && c == '0') {
        if (seen_point) --exponent;  // leading zeros of the fraction only shift the scale
        continue;
      }
      if (digits.size() >= 30) return error;
      digits.push_back(c);
      if (seen_point) --exponent;
    } else if ((c == '.' || c == ',') && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!seen_digit) return error;
  if (i < text.size()) {
    if (text[i] != 'e' && text[i] != 'E') return error;
    ++i;
    bool exponent_negative = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
      exponent_negative = text[i] == '-';
      ++i;
    }
    if (i == text.size()) return error;
    int written = 0;
    for (int count = 0; i < text.size(); ++i, ++count) {
      if (!is_digit(text[i]) || count >= 3) return error;  // |exponent| < 1000
      written = written * 10 + (text[i] - '0');
    }
    exponent += exponent_negative ? -written : written;
  }
  exponent += step_decimals(unit);  // now: steps = digits * 10^exponent
  // Trailing zeros of the mantissa may make a negative exponent whole again.
  while (exponent < 0 && !digits.empty() && digits.back() == '0') {
    digits.pop_back();
    ++exponent;
  }
  if (digits.empty()) return std::int64_t{0};
  if (exponent < 0) {
    return invalid(field, "That is finer than one step of " + std::string(stock_unit_name(unit)) +
                              " (" + (steps_per_unit(unit) == 1 ? "1" : "0.001") + ").");
  }
  if (static_cast<int>(digits.size()) + exponent > 13)
    return invalid(field, "The quantity is too large.");
  std::int64_t steps = 0;
  for (char c : digits) steps = steps * 10 + (c - '0');
  for (int e = 0; e < exponent; ++e) steps *= 10;
  if (steps > kStockStepsAbsMax) return invalid(field, "The quantity is too large.");
  return negative ? -steps : steps;
}

std::string format_stock_quantity(std::int64_t steps, StockUnit unit) {
  const std::int64_t per_unit = steps_per_unit(unit);
  const bool negative = steps < 0;
  // |steps| <= int64 max; kStockStepsAbsMax keeps stored values far from the edge.
  const std::uint64_t magnitude =
      negative ? 0 - static_cast<std::uint64_t>(steps) : static_cast<std::uint64_t>(steps);
  std::string out = negative ? "-" : "";
  out += std::to_string(magnitude / static_cast<std::uint64_t>(per_unit));
  std::uint64_t fraction = magnitude % static_cast<std::uint64_t>(per_unit);
  if (fraction != 0) {
    std::string digits = std::to_string(fraction);
    digits.insert(0, static_cast<std::size_t>(step_decimals(unit)) - digits.size(), '0');
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
    out += "." + digits;
  }
  return out;
}

}  // namespace mamon::domain
