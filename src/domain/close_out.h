// The bar-cycle close-out in the ledger's rules (issue 12, "Close-out booking and checks"). Pure.
//
// Cash: after every confirmed count (opening and closing), the ledger's `cash_drawer` must equal
// the counted cash. The difference is booked as one transfer between `cash_drawer` and
// `cash_difference`:
//   counted > drawer (a surplus):  debit cash_drawer, credit cash_difference, counted - drawer;
//   counted < drawer (a shortage): debit cash_difference, credit cash_drawer, drawer - counted;
//   equal: nothing is booked.
// The drawer's ledger balance is debits - credits (an asset: cash sales and top-ups debit it).
//
// PIN: the terminal's end-of-day total against what the cycle booked on `pin_terminal`:
//   expected = PIN sales + PIN top-ups - PIN refunds; difference = terminal total - expected.
#pragma once

#include <optional>

#include "base/money.h"
#include "base/result.h"

namespace mamon::domain {

enum class CashDifferenceDirection {
  kSurplus,   // more cash counted than the ledger expects: debit cash_drawer
  kShortage,  // less cash counted: credit cash_drawer
};

struct CashDifferenceBooking {
  CashDifferenceDirection direction = CashDifferenceDirection::kSurplus;
  Cents amount;  // > 0
};

// The transfer that makes the drawer's ledger balance equal `counted`, or none when they are equal.
// `counted` >= 0; `drawer_balance` may be negative (a ledger that never saw a count). Error
// kInvalidAmount if the difference overflows.
Result<std::optional<CashDifferenceBooking>> cash_difference_booking(Cents counted,
                                                                     Cents drawer_balance);

struct PinReconciliation {
  Cents expected;    // sales + top-ups - refunds by PIN within the cycle
  Cents terminal;    // the terminal's end-of-day total, as entered
  Cents difference;  // terminal - expected; negative: the terminal has less than was booked
};

// Error kInvalidAmount if a sum overflows.
Result<PinReconciliation> reconcile_pin(Cents terminal_total, Cents pin_sales, Cents pin_top_ups,
                                        Cents pin_refunds);

}  // namespace mamon::domain
