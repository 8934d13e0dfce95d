#include "service/void_service.h"

#include <nlohmann/json.hpp>
#include <utility>

#include "base/limits.h"
#include "base/text.h"
#include "domain/ledger.h"
#include "service/audit_trail.h"
#include "service/stock_service.h"
#include "service/transactions.h"
#include "storage/ledger_repo.h"
#include "storage/purchases_repo.h"

namespace mamon::service {
namespace {

// The purchase's sale transfer, the one its reversal mirrors.
Result<storage::Transfer> sale_transfer(storage::Transaction& tx, std::int64_t purchase_id) {
  MAMON_TRY(std::vector<storage::Transfer> transfers,
            storage::transfers_of_purchase(tx, purchase_id));
  const std::string_view void_kind = domain::transfer_kind_name(domain::TransferKind::kVoid);
  for (storage::Transfer& t : transfers) {
    if (t.kind != void_kind) return std::move(t);
  }
  return make_error(ErrorCode::kInternal, "purchase " + std::to_string(purchase_id) +
                                              " has a total but no transfer; run `mamon check`");
}

struct Reversal {
  std::optional<Cents> wallet_balance_after;
};

// Moves the sale's amount back: debit what the sale credited, credit what it debited.
Result<Reversal> post_reversal(storage::Transaction& tx, const domain::Purchase& purchase,
                               TimestampUs now_us) {
  MAMON_TRY(storage::Transfer sale, sale_transfer(tx, purchase.id));
  MAMON_CHECK_MSG(sale.amount == purchase.total, "INV-4: a sale transfer equals its purchase");
  MAMON_TRY(storage::Account debit, storage::find_account(tx, sale.credit_account_id));
  MAMON_TRY(storage::Account credit, storage::find_account(tx, sale.debit_account_id));
  storage::NewTransfer reversal;
  reversal.debit_account_id = debit.id;
  reversal.credit_account_id = credit.id;
  reversal.amount = purchase.total;
  reversal.kind = domain::TransferKind::kVoid;
  reversal.purchase_id = purchase.id;
  reversal.created_at_us = now_us;
  MAMON_TRY(storage::PostedTransfer posted, storage::post_transfer(tx, debit, credit, reversal));
  return Reversal{posted.wallet_balance_after};
}

nlohmann::json void_json(const std::optional<storage::PurchaseVoid>& mark) {
  if (!mark) return {{"voided", false}};
  return {{"voided", true},
          {"voided_at_us", mark->voided_at_us},
          {"voided_by_user_id", mark->voided_by_user_id ? nlohmann::json(*mark->voided_by_user_id)
                                                        : nlohmann::json(nullptr)},
          {"reason", mark->reason}};
}

}  // namespace

Result<VoidResult> void_purchase(storage::Database& db, const Clock& clock,
                                 const domain::Caller& caller, const VoidRequest& request) {
  if (!domain::has_permission(caller, domain::Permission::kVoidPurchase)) {
    return domain::permission_denied_error(domain::Permission::kVoidPurchase,
                                           "Only the board can void a purchase.");
  }
  const std::string reason = trimmed(request.reason);
  if (reason.empty()) {
    return make_error(ErrorCode::kInvalidInput, "A reason is required.", "reason");
  }
  if (reason.size() > limits::kCommentLengthMax) {
    return make_error(ErrorCode::kInvalidInput, "The reason is too long.", "reason");
  }
  return run_transaction(
      db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<VoidResult> {
        MAMON_TRY(domain::Purchase purchase, storage::find_purchase(tx, request.purchase_id));
        return void_in_transaction(tx, clock, caller, purchase, reason, "void_purchase");
      });
}

Result<VoidResult> void_in_transaction(storage::Transaction& tx, const Clock& clock,
                                       const domain::Caller& caller,
                                       const domain::Purchase& purchase, const std::string& reason,
                                       std::string_view audit_action) {
  MAMON_TRY(std::optional<storage::PurchaseVoid> before,
            storage::find_purchase_void(tx, purchase.id));
  if (before) {
    return make_error(ErrorCode::kConflict, "This purchase has been voided already.");
  }
  const TimestampUs now_us = clock.now_us();
  VoidResult out;
  out.mark = {purchase.id, now_us, caller.user_id, reason};
  out.amount = purchase.total;
  // After this point the void must succeed: every check is done.
  if (purchase.total > Cents::zero()) {
    MAMON_TRY(Reversal reversal, post_reversal(tx, purchase, now_us));
    out.wallet_balance_after = reversal.wallet_balance_after;
    if (reversal.wallet_balance_after) out.buyer_holder_id = purchase.buyer_holder_id;
  }
  MAMON_RETURN_IF_ERROR(storage::mark_purchase_voided(tx, out.mark));
  // What the sale took from stock comes back, in this transaction (issue 9 item 7).
  MAMON_RETURN_IF_ERROR(restore_stock_for_voided_purchase(tx, purchase.id, caller.user_id, now_us));
  MAMON_RETURN_IF_ERROR(record_change(tx, caller, audit_action, "purchase", purchase.id,
                                      {{"total_cents", purchase.total.value()},
                                       {"method", domain::payment_method_name(purchase.method)},
                                       {"imported", purchase.imported},
                                       {"before", void_json(std::nullopt)},
                                       {"after", void_json(out.mark)}},
                                      now_us));
  return out;
}

Result<std::optional<storage::PurchaseVoid>> get_purchase_void(storage::Database& db,
                                                               const domain::Caller& caller,
                                                               std::int64_t purchase_id) {
  if (!domain::has_permission(caller, domain::Permission::kViewReports)) {
    return domain::permission_denied_error(domain::Permission::kViewReports,
                                           "Only the board can read this page.");
  }
  return run_transaction(db, storage::TxMode::kRead, [&](storage::Transaction& tx) {
    return storage::find_purchase_void(tx, purchase_id);
  });
}

}  // namespace mamon::service
