#include "service/cash_moves_service.h"

#include <nlohmann/json.hpp>

#include "domain/ledger.h"
#include "service/audit_trail.h"
#include "service/ledger_posting.h"
#include "service/transactions.h"
#include "storage/ledger_repo.h"
#include "storage/reports_repo.h"

namespace mamon::service {
namespace {

Status check_can_move(const domain::Caller& caller) {
  if (domain::can_file_report(caller)) return ok_status();
  if (!domain::is_personnel(caller)) {
    return domain::not_personnel_error("Only active bar staff can move cash in or out.",
                                       domain::Permission::kFileReport);
  }
  return domain::permission_denied_error(domain::Permission::kFileReport,
                                         "You may not move cash in or out of the drawer.");
}

Status book_cash_move(storage::Transaction& tx, const storage::CashMove& move) {
  MAMON_TRY(MovementPlan plan,
            plan_movement(tx, domain::movement_for_cash_move(move.direction), std::nullopt));
  storage::NewTransfer transfer;
  transfer.debit_account_id = plan.debit.id;
  transfer.credit_account_id = plan.credit.id;
  transfer.amount = move.amount;
  transfer.kind = plan.kind;
  transfer.cash_move_id = move.id;
  transfer.created_at_us = move.created_at_us;
  MAMON_TRY(storage::PostedTransfer posted,
            storage::post_transfer(tx, plan.debit, plan.credit, transfer));
  static_cast<void>(posted);
  return ok_status();
}

}  // namespace

Result<storage::CashMove> move_cash(storage::Database& db, const Clock& clock,
                                    const domain::Caller& caller, domain::CashMoveInput input) {
  MAMON_RETURN_IF_ERROR(check_can_move(caller));
  MAMON_TRY(input, domain::validate_cash_move(std::move(input)));
  return run_transaction(
      db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<storage::CashMove> {
        MAMON_TRY(std::optional<domain::BarCycle> open_cycle, storage::find_open_bar_cycle(tx));
        storage::CashMove move;
        move.direction = input.direction;
        move.amount = input.amount;
        move.reason = input.reason;
        move.personnel_id = *caller.personnel_id;
        if (open_cycle) move.bar_cycle_id = open_cycle->id;
        move.created_at_us = clock.now_us();
        MAMON_TRY(move, storage::insert_cash_move(tx, move));
        MAMON_RETURN_IF_ERROR(book_cash_move(tx, move));

        const nlohmann::json detail = {
            {"direction", domain::cash_move_direction_name(move.direction)},
            {"amount_cents", move.amount.value()},
            {"reason", move.reason},
            {"bar_cycle_id", move.bar_cycle_id ? nlohmann::json(*move.bar_cycle_id) : nullptr}};
        MAMON_RETURN_IF_ERROR(record_change(tx, caller, "move_cash", "cash_move", move.id, detail,
                                            move.created_at_us));
        return move;
      });
}

Result<std::vector<storage::CashMove>> cash_moves_of_bar_cycle(storage::Database& db,
                                                               const domain::Caller& caller,
                                                               std::int64_t bar_cycle_id) {
  if (!domain::can_view_sales(caller)) {
    return domain::permission_denied_error(domain::Permission::kViewSales,
                                           "Only bar staff and the board can see cash moves.");
  }
  return run_transaction(db, storage::TxMode::kRead, [&](storage::Transaction& tx) {
    return storage::cash_moves_of_bar_cycle(tx, bar_cycle_id);
  });
}

}  // namespace mamon::service
