#include "service/ledger_posting.h"

namespace mamon::service {
namespace {

Result<storage::Account> resolve_side(storage::Transaction& tx, const domain::AccountSide& side,
                                      const std::optional<storage::Account>& wallet) {
  if (side.is_wallet) {
    MAMON_CHECK_MSG(wallet.has_value() && wallet->is_wallet(), "a wallet movement needs a wallet");
    return *wallet;
  }
  Result<storage::Account> account = storage::find_account_by_name(tx, side.system_account);
  if (!account.ok() && account.error().code == ErrorCode::kNotFound) {
    return make_error(ErrorCode::kInternal, "system account '" + std::string(side.system_account) +
                                                "' is missing; run `mamon migrate`");
  }
  return account;
}

}  // namespace

Result<MovementPlan> plan_movement(storage::Transaction& tx, domain::Movement movement,
                                   const std::optional<storage::Account>& wallet) {
  const domain::MovementAccounts sides = domain::movement_accounts(movement);
  MAMON_CHECK_MSG(wallet.has_value() == (sides.debit.is_wallet || sides.credit.is_wallet),
                  "a wallet is given exactly for wallet movements");
  MovementPlan plan;
  MAMON_TRY(plan.debit, resolve_side(tx, sides.debit, wallet));
  MAMON_TRY(plan.credit, resolve_side(tx, sides.credit, wallet));
  plan.kind = sides.kind;
  return plan;
}

Result<std::optional<Cents>> apply_movement_entries(storage::Transaction& tx,
                                                    const MovementPlan& plan, Cents amount) {
  return storage::apply_wallet_entry(tx, plan.debit, plan.credit, amount);
}

Status defer_movement_rest(storage::Transaction& tx, const MovementPlan& plan, Cents amount,
                           std::optional<std::int64_t> purchase_id,
                           std::optional<std::int64_t> wallet_upgrade_id, TimestampUs now_us) {
  storage::NewTransfer transfer;
  transfer.debit_account_id = plan.debit.id;
  transfer.credit_account_id = plan.credit.id;
  transfer.amount = amount;
  transfer.kind = plan.kind;
  transfer.purchase_id = purchase_id;
  transfer.wallet_upgrade_id = wallet_upgrade_id;
  transfer.created_at_us = now_us;
  // The entries before the transfer row: the row's foreign keys then find both accounts already
  // locked by this transaction (see the header).
  MAMON_RETURN_IF_ERROR(storage::defer_system_entries(tx, plan.debit, plan.credit, amount));
  return storage::defer_transfer(tx, transfer);
}

}  // namespace mamon::service
