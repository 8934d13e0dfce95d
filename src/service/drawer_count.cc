#include "service/drawer_count.h"

#include "domain/ledger.h"
#include "service/ledger_posting.h"
#include "storage/drawer_repo.h"
#include "storage/ledger_repo.h"
#include "storage/reports_repo.h"

namespace mamon::service {

Result<DrawerCountBooking> book_drawer_count(storage::Transaction& tx, std::int64_t report_id,
                                             Cents counted, TimestampUs now_us) {
  MAMON_TRY(storage::DrawerAtCount drawer, storage::lock_drawer_for_count(tx));
  MAMON_RETURN_IF_ERROR(
      storage::set_report_drawer_count(tx, report_id, drawer.balance, drawer.anchor_transfer_id));
  MAMON_TRY(std::optional<domain::CashDifferenceBooking> booking,
            domain::cash_difference_booking(counted, drawer.balance));
  DrawerCountBooking out{drawer.balance, booking};
  if (!booking) return out;

  MAMON_TRY(
      MovementPlan plan,
      plan_movement(tx, domain::movement_for_cash_difference(booking->direction), std::nullopt));
  storage::NewTransfer transfer;
  transfer.debit_account_id = plan.debit.id;
  transfer.credit_account_id = plan.credit.id;
  transfer.amount = booking->amount;
  transfer.kind = plan.kind;
  transfer.report_id = report_id;
  transfer.created_at_us = now_us;
  MAMON_TRY(storage::PostedTransfer posted,
            storage::post_transfer(tx, plan.debit, plan.credit, transfer));
  static_cast<void>(posted);
  return out;
}

}  // namespace mamon::service
