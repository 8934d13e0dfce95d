#include "domain/cash_moves.h"

#include "base/limits.h"
#include "base/text.h"

namespace mamon::domain {

std::string_view cash_move_direction_name(CashMoveDirection direction) {
  return direction == CashMoveDirection::kIn ? "in" : "out";
}

Result<CashMoveDirection> cash_move_direction_from_name(std::string_view name) {
  if (name == "in") return CashMoveDirection::kIn;
  if (name == "out") return CashMoveDirection::kOut;
  return make_error(ErrorCode::kInvalidInput, "Direction must be \"in\" or \"out\".", "direction");
}

Result<CashMoveInput> validate_cash_move(CashMoveInput input) {
  if (input.amount <= Cents::zero() || input.amount.value() > limits::kMoneyAbsMaxCents) {
    return make_error(ErrorCode::kInvalidAmount,
                      "The amount must be positive and at most " +
                          Cents(limits::kMoneyAbsMaxCents).to_string() + ".",
                      "amount");
  }
  input.reason = trimmed(input.reason);
  if (input.reason.empty()) {
    return make_error(ErrorCode::kInvalidInput, "Say why the cash moves.", "reason");
  }
  if (input.reason.size() > kCashMoveReasonLengthMax) {
    return make_error(ErrorCode::kInvalidInput,
                      "The reason is too long (at most " +
                          std::to_string(kCashMoveReasonLengthMax) + " characters).",
                      "reason");
  }
  return input;
}

}  // namespace mamon::domain
