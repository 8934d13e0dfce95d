#include "service/ledger_check.h"

#include "service/transactions.h"
#include "storage/ledger_repo.h"
#include "storage/voids_repo.h"

namespace mamon::service {
namespace {

using Violations = std::vector<InvariantViolation>;

Status check_inv1(storage::Transaction& tx, Violations& out) {
  MAMON_TRY(auto mismatches, storage::accounts_with_cache_mismatch(tx));
  for (const storage::AccountCacheMismatch& m : mismatches) {
    out.push_back({"INV-1", "account " + std::to_string(m.account_id) + " (" + m.name +
                                "): cached debits " + std::to_string(m.cached_debits_cents) +
                                " / credits " + std::to_string(m.cached_credits_cents) +
                                " != transfers " + std::to_string(m.transfer_debits_cents) + " / " +
                                std::to_string(m.transfer_credits_cents)});
  }
  return ok_status();
}

Status check_inv2(storage::Transaction& tx, Violations& out) {
  MAMON_TRY(storage::LedgerTotals totals, storage::ledger_totals(tx));
  if (totals.cached_debits_cents != totals.cached_credits_cents ||
      totals.cached_debits_cents != totals.transfers_cents) {
    out.push_back({"INV-2", "sum of cached debits " + std::to_string(totals.cached_debits_cents) +
                                ", of cached credits " +
                                std::to_string(totals.cached_credits_cents) + ", of transfers " +
                                std::to_string(totals.transfers_cents) + " are not all equal"});
  }
  return ok_status();
}

Status check_inv3(storage::Transaction& tx, Violations& out) {
  MAMON_TRY(auto wallets, storage::wallets_below_floor(tx));
  for (const storage::Account& a : wallets) {
    out.push_back({"INV-3", "account " + std::to_string(a.id) + " (" + a.name + "): balance " +
                                a.balance().to_string() + " below floor " + a.floor.to_string()});
  }
  return ok_status();
}

Status check_inv4(storage::Transaction& tx, Violations& out) {
  MAMON_TRY(auto purchases, storage::purchases_with_total_mismatch(tx));
  for (const storage::PurchaseMismatch& p : purchases) {
    out.push_back({"INV-4", "purchase " + std::to_string(p.purchase_id) + ": total " +
                                std::to_string(p.total_cents) + ", lines " +
                                std::to_string(p.lines_total_cents) + ", " +
                                std::to_string(p.transfer_count) + " transfer(s) of " +
                                std::to_string(p.transfers_cents)});
  }
  return ok_status();
}

Status check_inv5(storage::Transaction& tx, Violations& out) {
  MAMON_TRY(auto payments, storage::paid_mollie_payments_mismatched(tx));
  for (const storage::MolliePaymentMismatch& m : payments) {
    out.push_back({"INV-5", "paid mollie payment " + std::to_string(m.mollie_payment_id) + " of " +
                                std::to_string(m.amount_cents) + ": " +
                                std::to_string(m.upgrade_count) + " upgrade(s), " +
                                std::to_string(m.transfer_count) + " transfer(s) of " +
                                std::to_string(m.transfers_cents)});
  }
  return ok_status();
}

Status check_inv6(storage::Transaction& tx, Violations& out) {
  MAMON_TRY(auto purchases, storage::purchases_with_void_mismatch(tx));
  for (const storage::VoidMismatch& v : purchases) {
    out.push_back({"INV-6", "purchase " + std::to_string(v.purchase_id) + " (" +
                                (v.voided ? "voided" : "not voided") + ", total " +
                                std::to_string(v.total_cents) +
                                "): " + std::to_string(v.void_count) + " reversal(s) of " +
                                std::to_string(v.void_cents) +
                                (v.reversed_accounts ? "" : ", not the sale's accounts reversed")});
  }
  return ok_status();
}

}  // namespace

Result<std::vector<InvariantViolation>> check_ledger(storage::Database& db) {
  return run_transaction(db, storage::TxMode::kRead,
                         [&](storage::Transaction& tx) -> Result<Violations> {
                           Violations out;
                           MAMON_RETURN_IF_ERROR(check_inv1(tx, out));
                           MAMON_RETURN_IF_ERROR(check_inv2(tx, out));
                           MAMON_RETURN_IF_ERROR(check_inv3(tx, out));
                           MAMON_RETURN_IF_ERROR(check_inv4(tx, out));
                           MAMON_RETURN_IF_ERROR(check_inv5(tx, out));
                           MAMON_RETURN_IF_ERROR(check_inv6(tx, out));
                           return out;
                         });
}

}  // namespace mamon::service
