#include "service/ledger_check.h"

#include <span>

#include "service/transactions.h"
#include "storage/drawer_repo.h"
#include "storage/ledger_repo.h"
#include "storage/meals_repo.h"
#include "storage/stock_repo.h"
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

Status check_inv8(storage::Transaction& tx, Violations& out) {
  MAMON_TRY(auto counts, storage::drawer_counts_mismatched(tx));
  for (const storage::DrawerCountMismatch& m : counts) {
    out.push_back({"INV-8", "report " + std::to_string(m.report_id) + ": counted " +
                                std::to_string(m.counted_cents) + ", drawer stored " +
                                std::to_string(m.stored_ledger_cents) + " / recomputed " +
                                std::to_string(m.recomputed_ledger_cents) + ", booked " +
                                std::to_string(m.booked_cents)});
  }
  return ok_status();
}

Status check_stock_quantities(storage::Transaction& tx, Violations& out) {
  MAMON_TRY(auto items, storage::stock_items_with_quantity_mismatch(tx));
  for (const storage::StockQuantityMismatch& s : items) {
    out.push_back({"STOCK", "stock item " + std::to_string(s.stock_item_id) + " (" + s.name +
                                "): quantity " + std::to_string(s.quantity) + " != its mutations " +
                                std::to_string(s.mutations_sum)});
  }
  return ok_status();
}

Status check_inv6(storage::Transaction& tx, Violations& out) {
  MAMON_TRY(auto charges, storage::meal_charges_mismatched(tx));
  for (const storage::MealChargeMismatch& m : charges) {
    std::string detail = "meal sign-up " + std::to_string(m.meal_signup_id) + ": " +
                         std::to_string(m.transfer_count) + " charge(s) of " +
                         std::to_string(m.transfers_cents) + ", portions x cost " +
                         std::to_string(m.expected_cents);
    if (m.wrong_accounts) detail += ", not from its wallet to sales";
    if (m.paid_in_old_system) detail += ", but paid in the old system";
    out.push_back({"INV-6", std::move(detail)});
  }
  return ok_status();
}

// The sale mutations of one order line (rows of sale_mutation_rows with that line).
void check_line_draws(std::span<const storage::SaleMutationRow> rows, Violations& out) {
  const storage::SaleMutationRow& first = rows.front();
  const std::string line = "order line " + std::to_string(*first.order_line_id);
  if (!first.line_purchase_id) {
    out.push_back({"STOCK", "sale mutation " + std::to_string(first.mutation_id) + ": " + line +
                                " does not exist"});
    return;
  }
  std::int64_t draws = 0, returns = 0, drawn = 0, returned = 0;
  for (const storage::SaleMutationRow& r : rows) {
    if (r.purchase_id != r.line_purchase_id) {
      out.push_back({"STOCK", "sale mutation " + std::to_string(r.mutation_id) + ": " + line +
                                  " is of purchase " + std::to_string(*r.line_purchase_id) +
                                  ", not of purchase " +
                                  (r.purchase_id ? std::to_string(*r.purchase_id) : "(none)")});
    }
    if (r.quantity_delta < 0) {
      ++draws;
      drawn += r.quantity_delta;
    }
    if (r.quantity_delta > 0) {
      ++returns;
      returned += r.quantity_delta;
    }
    if (r.quantity_delta == 0) {
      out.push_back({"STOCK", "sale mutation " + std::to_string(r.mutation_id) + " of " + line +
                                  " changes nothing"});
    }
  }
  const std::int64_t quantity = first.line_quantity.value_or(0);
  if (draws != 1 || returns > 1 || (returns == 1 && returned != -drawn) ||
      (quantity > 0 && drawn % quantity != 0)) {
    out.push_back({"STOCK", line + " (quantity " + std::to_string(quantity) +
                                "): " + std::to_string(draws) + " draw(s) of " +
                                std::to_string(drawn) + ", " + std::to_string(returns) +
                                " return(s) of " + std::to_string(returned)});
  }
}

Status check_stock_sales(storage::Transaction& tx, Violations& out) {
  MAMON_TRY(std::vector<storage::SaleMutationRow> rows, storage::sale_mutation_rows(tx));
  std::size_t begin = 0;
  while (begin < rows.size()) {
    if (!rows[begin].order_line_id) {
      out.push_back({"STOCK", "sale mutation " + std::to_string(rows[begin].mutation_id) +
                                  " names no order line"});
      ++begin;
      continue;
    }
    std::size_t end = begin + 1;
    while (end < rows.size() && rows[end].order_line_id == rows[begin].order_line_id) ++end;
    check_line_draws(std::span<const storage::SaleMutationRow>(rows).subspan(begin, end - begin),
                     out);
    begin = end;
  }
  return ok_status();
}

Status check_inv7(storage::Transaction& tx, Violations& out) {
  MAMON_TRY(auto purchases, storage::purchases_with_void_mismatch(tx));
  for (const storage::VoidMismatch& v : purchases) {
    out.push_back({"INV-7", "purchase " + std::to_string(v.purchase_id) + " (" +
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
                           MAMON_RETURN_IF_ERROR(check_inv7(tx, out));
                           MAMON_RETURN_IF_ERROR(check_inv8(tx, out));
                           MAMON_RETURN_IF_ERROR(check_stock_quantities(tx, out));
                           MAMON_RETURN_IF_ERROR(check_stock_sales(tx, out));
                           return out;
                         });
}

}  // namespace mamon::service
