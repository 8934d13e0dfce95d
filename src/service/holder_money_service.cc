#include "service/holder_money_service.h"

#include <nlohmann/json.hpp>
#include <string_view>

#include "base/limits.h"
#include "base/text.h"
#include "domain/accounts.h"
#include "domain/ledger.h"
#include "service/audit_trail.h"
#include "service/transactions.h"
#include "storage/holders_repo.h"
#include "storage/ledger_repo.h"
#include "storage/users_repo.h"

namespace mamon::service {
namespace {

Status require_manage_users(const domain::Caller& caller) {
  if (domain::has_permission(caller, domain::Permission::kManageUsers)) return ok_status();
  return domain::permission_denied_error(domain::Permission::kManageUsers,
                                         "Only an administrator can change a holder's money.");
}

// The holder's wallet account; kHolderNotFound for no holder or a system holder ("Cash", "Pin":
// money on their wallets would be nobody's).
Result<storage::Account> holder_wallet(storage::Transaction& tx, std::int64_t holder_id) {
  MAMON_TRY(storage::HolderWallet found, storage::find_holder_wallet(tx, holder_id));
  MAMON_TRY(domain::User user, storage::find_user(tx, found.holder.user_id));
  if (user.is_system) {
    return make_error(ErrorCode::kHolderNotFound, "This holder has no wallet.", "holder");
  }
  MAMON_CHECK(found.wallet.is_wallet());
  return std::move(found.wallet);
}

Status audit(storage::Transaction& tx, const domain::Caller& caller, TimestampUs now_us,
             std::string action, std::int64_t holder_id, const nlohmann::json& detail) {
  return record_change(tx, caller, action, "holder", holder_id, detail, now_us);
}

}  // namespace

Result<CorrectionResult> correct_balance(storage::Database& db, const Clock& clock,
                                         const domain::Caller& caller,
                                         const BalanceCorrection& correction) {
  MAMON_RETURN_IF_ERROR(require_manage_users(caller));
  const std::int64_t amount = correction.amount.value();
  if (amount == 0 || amount > limits::kMoneyAbsMaxCents || amount < -limits::kMoneyAbsMaxCents) {
    return make_error(ErrorCode::kInvalidAmount,
                      "A correction is an amount other than 0, at most 1,000,000.00 either way.",
                      "amount");
  }
  const std::string reason = trimmed(correction.reason);
  if (reason.empty()) {
    return make_error(ErrorCode::kInvalidInput, "A reason is required.", "reason");
  }
  if (reason.size() > limits::kCommentLengthMax) {
    return make_error(ErrorCode::kInvalidInput, "The reason is too long.", "reason");
  }
  const Cents magnitude(amount > 0 ? amount : -amount);
  return run_transaction(
      db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<CorrectionResult> {
        MAMON_TRY(storage::Account wallet, holder_wallet(tx, correction.holder_id));
        MAMON_TRY(storage::Account corrections,
                  storage::find_account_by_name(tx, domain::kAccountCorrections));
        CorrectionResult out;
        out.balance_before = wallet.balance();
        if (amount < 0) {
          MAMON_TRY(Cents left, wallet.balance().minus(magnitude));
          if (left < wallet.floor) {
            return make_error(ErrorCode::kInsufficientFunds,
                              "The balance of " + wallet.balance().to_string() +
                                  " would drop below the credit floor of " +
                                  wallet.floor.to_string() + ".",
                              "amount");
          }
        }
        const storage::Account& debit = amount > 0 ? corrections : wallet;
        const storage::Account& credit = amount > 0 ? wallet : corrections;
        const TimestampUs now_us = clock.now_us();
        storage::NewTransfer transfer;
        transfer.debit_account_id = debit.id;
        transfer.credit_account_id = credit.id;
        transfer.amount = magnitude;
        transfer.kind = domain::TransferKind::kCorrection;
        transfer.created_at_us = now_us;
        MAMON_TRY(storage::PostedTransfer posted,
                  storage::post_transfer(tx, debit, credit, transfer));
        MAMON_CHECK(posted.wallet_balance_after.has_value());
        out.transfer_id = posted.transfer_id;
        out.balance_after = *posted.wallet_balance_after;
        MAMON_RETURN_IF_ERROR(
            audit(tx, caller, now_us, "correct_balance", correction.holder_id,
                  {{"amount_cents", amount},
                   {"reason", reason},
                   {"transfer_id", out.transfer_id},
                   {"balance_cents", {out.balance_before.value(), out.balance_after.value()}}}));
        return out;
      });
}

Status set_credit_floor(storage::Database& db, const Clock& clock, const domain::Caller& caller,
                        std::int64_t holder_id, Cents floor) {
  MAMON_RETURN_IF_ERROR(require_manage_users(caller));
  if (floor > Cents::zero() || floor.value() < -limits::kMoneyAbsMaxCents) {
    return make_error(ErrorCode::kInvalidAmount,
                      "A credit floor is 0 or a negative amount (how far the balance may go below "
                      "zero).",
                      "floor");
  }
  return run_transaction(db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Status {
    MAMON_TRY(storage::Account wallet, holder_wallet(tx, holder_id));
    if (wallet.floor == floor) return ok_status();
    if (wallet.balance() < floor) {
      return make_error(
          ErrorCode::kInvalidInput,
          "The balance of " + wallet.balance().to_string() + " is below this floor already.",
          "floor");
    }
    MAMON_RETURN_IF_ERROR(storage::set_account_floor(tx, wallet.id, floor));
    return audit(tx, caller, clock.now_us(), "set_credit_floor", holder_id,
                 {{"floor_cents", {wallet.floor.value(), floor.value()}}});
  });
}

}  // namespace mamon::service
