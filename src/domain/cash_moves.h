// Cash put into or taken out of the bar's drawer (issue 12 "Cash in and out"): the float from the
// safe, takings to the safe or the bank. Each move is one transfer between `cash_drawer` and
// `safe` (domain/accounts.h). Pure rules.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/money.h"
#include "base/result.h"

namespace mamon::domain {

enum class CashMoveDirection {
  kIn,   // safe -> drawer: debit cash_drawer, credit safe
  kOut,  // drawer -> safe (or the bank): debit safe, credit cash_drawer
};

// "in" / "out".
std::string_view cash_move_direction_name(CashMoveDirection direction);
// Error kInvalidInput (field "direction") for anything but "in" / "out".
Result<CashMoveDirection> cash_move_direction_from_name(std::string_view name);

struct CashMoveInput {
  CashMoveDirection direction = CashMoveDirection::kIn;
  Cents amount;
  std::string reason;
};

// amount in 0.01 .. limits::kMoneyAbsMaxCents (kInvalidAmount, field "amount"); reason, trimmed,
// 1 .. kCashMoveReasonLengthMax bytes (kInvalidInput, field "reason"). Returns the input with the
// reason trimmed.
inline constexpr std::size_t kCashMoveReasonLengthMax = 500;
Result<CashMoveInput> validate_cash_move(CashMoveInput input);

}  // namespace mamon::domain
