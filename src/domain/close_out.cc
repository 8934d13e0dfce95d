#include "domain/close_out.h"

namespace mamon::domain {

Result<std::optional<CashDifferenceBooking>> cash_difference_booking(Cents counted,
                                                                     Cents drawer_balance) {
  MAMON_TRY(Cents difference, counted.minus(drawer_balance));
  if (difference == Cents::zero()) return std::optional<CashDifferenceBooking>();
  if (difference > Cents::zero()) {
    return std::optional(CashDifferenceBooking{CashDifferenceDirection::kSurplus, difference});
  }
  MAMON_TRY(Cents shortage, Cents::zero().minus(difference));
  return std::optional(CashDifferenceBooking{CashDifferenceDirection::kShortage, shortage});
}

Result<PinReconciliation> reconcile_pin(Cents terminal_total, Cents pin_sales, Cents pin_top_ups,
                                        Cents pin_refunds) {
  PinReconciliation result;
  MAMON_TRY(Cents received, pin_sales.plus(pin_top_ups));
  MAMON_TRY(result.expected, received.minus(pin_refunds));
  result.terminal = terminal_total;
  MAMON_TRY(result.difference, terminal_total.minus(result.expected));
  return result;
}

}  // namespace mamon::domain
