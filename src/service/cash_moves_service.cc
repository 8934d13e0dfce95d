#include "service/cash_moves_service.h"

#include <nlohmann/json.hpp>

#include "domain/accounts.h"
#include "service/transactions.h"
#include "storage/audit_repo.h"
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
  MAMON_TRY(storage::Account drawer, storage::find_account_by_name(tx, domain::kAccountCashDrawer));
  MAMON_TRY(storage::Account safe, storage::find_account_by_name(tx, domain::kAccountSafe));
  const bool in = move.direction == domain::CashMoveDirection::kIn;
  const storage::Account& debit = in ? drawer : safe;
  const storage::Account& credit = in ? safe : drawer;
  storage::NewTransfer transfer;
  transfer.debit_account_id = debit.id;
  transfer.credit_account_id = credit.id;
  transfer.amount = move.amount;
  transfer.kind = domain::TransferKind::kCashMove;
  transfer.cash_move_id = move.id;
  transfer.created_at_us = move.created_at_us;
  MAMON_TRY(storage::PostedTransfer posted, storage::post_transfer(tx, debit, credit, transfer));
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

        storage::NewAuditEntry entry;
        entry.user_id = caller.user_id;
        entry.action = "move_cash";
        entry.object_type = "cash_move";
        entry.object_id = std::to_string(move.id);
        const nlohmann::json detail = {
            {"direction", domain::cash_move_direction_name(move.direction)},
            {"amount_cents", move.amount.value()},
            {"reason", move.reason},
            {"bar_cycle_id", move.bar_cycle_id ? nlohmann::json(*move.bar_cycle_id) : nullptr}};
        entry.detail = detail.dump();
        entry.created_at_us = move.created_at_us;
        MAMON_RETURN_IF_ERROR(storage::insert_audit_entry(tx, entry));
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
