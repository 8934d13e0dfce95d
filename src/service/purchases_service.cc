#include "service/purchases_service.h"

#include <algorithm>
#include <limits>
#include <map>
#include <vector>

#include "base/limits.h"
#include "domain/ledger.h"
#include "service/idempotency.h"
#include "service/ledger_posting.h"
#include "service/stock_service.h"
#include "service/transactions.h"
#include "storage/holders_repo.h"
#include "storage/ledger_repo.h"
#include "storage/products_repo.h"
#include "storage/purchases_repo.h"
#include "storage/reports_repo.h"

namespace mamon::service {
namespace {

constexpr std::string_view kResultKindPurchase = "purchase";

std::string hash_sale_request(const domain::PurchaseInput& input, domain::PaymentMethod method) {
  CanonicalRequest canonical("sell");
  canonical.add("method", domain::payment_method_name(method));
  canonical.add("buyer", input.buyer_holder_id);
  canonical.add("lines", static_cast<std::int64_t>(input.lines.size()));
  for (const domain::OrderLineInput& line : input.lines) {
    canonical.add("product", line.product_id).add("quantity", line.quantity);
  }
  return sha256_hex(canonical.text());
}

Error not_personnel() {
  return make_error(ErrorCode::kNotPersonnel, "Only active bar staff can do this.");
}

// The caller's personnel record, re-read inside the transaction: it must still be active.
Result<domain::Personnel> active_personnel(storage::Transaction& tx, std::int64_t personnel_id) {
  Result<domain::Personnel> personnel = storage::find_personnel(tx, personnel_id);
  if (!personnel.ok()) {
    if (personnel.error().code == ErrorCode::kNotFound) return not_personnel();
    return personnel.error();
  }
  if (!personnel->active) return not_personnel();
  return personnel;
}

Result<PurchaseView> load_purchase_view(storage::Transaction& tx, std::int64_t purchase_id) {
  MAMON_TRY(domain::Purchase purchase, storage::find_purchase(tx, purchase_id));
  MAMON_TRY(domain::Personnel seller, storage::find_personnel(tx, purchase.seller_personnel_id));
  return PurchaseView{std::move(purchase), std::move(seller)};
}

// The purchases with their sellers, each seller read once (a page has few distinct sellers).
Result<std::vector<PurchaseView>> with_sellers(storage::Transaction& tx,
                                               std::vector<domain::Purchase> purchases) {
  std::map<std::int64_t, domain::Personnel> sellers;
  std::vector<PurchaseView> out;
  out.reserve(purchases.size());
  for (domain::Purchase& purchase : purchases) {
    auto it = sellers.find(purchase.seller_personnel_id);
    if (it == sellers.end()) {
      MAMON_TRY(domain::Personnel seller,
                storage::find_personnel(tx, purchase.seller_personnel_id));
      it = sellers.emplace(seller.id, std::move(seller)).first;
    }
    out.push_back(PurchaseView{std::move(purchase), it->second});
  }
  return out;
}

// The filter as a storage query: a bar cycle becomes its time window [opening, closing] (as the
// cycle's summary counts it; an open cycle up to now), intersected with the range.
Result<storage::PurchaseQuery> board_query(storage::Transaction& tx, const Clock& clock,
                                           const PurchaseFilter& filter) {
  storage::PurchaseQuery query;
  query.buyer_holder_id = filter.buyer_holder_id;
  query.from_us = filter.from_us;
  query.to_us = filter.to_us;
  query.method = filter.method;
  query.seller_personnel_id = filter.seller_personnel_id;
  query.product_id = filter.product_id;
  if (filter.bar_cycle_id) {
    MAMON_TRY(domain::BarCycle cycle, storage::find_bar_cycle(tx, *filter.bar_cycle_id));
    MAMON_TRY(domain::Report opening, storage::find_report(tx, cycle.opening_report_id));
    TimestampUs end_us = clock.now_us();
    if (cycle.closing_report_id) {
      MAMON_TRY(domain::Report closing, storage::find_report(tx, *cycle.closing_report_id));
      end_us = closing.created_at_us;
    }
    query.from_us =
        query.from_us ? std::max(*query.from_us, opening.created_at_us) : opening.created_at_us;
    query.to_us = query.to_us ? std::min(*query.to_us, end_us + 1) : end_us + 1;
  }
  // Always a board query, so that an empty filter still counts and sums in one statement.
  if (!query.has_board_filters()) query.from_us = std::numeric_limits<TimestampUs>::min();
  return query;
}

Status validate_board_filter(const domain::Caller& caller, const PurchaseFilter& filter) {
  if (!domain::has_permission(caller, domain::Permission::kViewReports)) {
    return domain::permission_denied_error(domain::Permission::kViewReports,
                                           "Only the board can read the purchases list.");
  }
  if (filter.from_us && filter.to_us && *filter.to_us < *filter.from_us) {
    return make_error(ErrorCode::kInvalidInput, "The end of the range is before its start.", "end");
  }
  return ok_status();
}

bool may_see_purchase(const domain::Caller& caller, const domain::Purchase& purchase) {
  return domain::can_view_all_purchases(caller) ||
         (caller.holder_id.has_value() && purchase.buyer_holder_id == caller.holder_id);
}

// What the validations against the database established; everything the writes need.
struct PreparedSale {
  domain::Personnel seller;
  std::vector<domain::PricedLine> lines;
  Cents total;
  std::optional<storage::Account> wallet;  // balance sales only
  MovementPlan movement;
  std::vector<domain::Product> products;  // as read for pricing: their stock links too
};

// Validations against the database, in order; writes nothing.
Result<PreparedSale> prepare_sale(storage::Transaction& tx, const domain::Caller& caller,
                                  const domain::PurchaseInput& input,
                                  domain::PaymentMethod method) {
  PreparedSale sale;
  MAMON_TRY(sale.seller, active_personnel(tx, *caller.personnel_id));
  std::vector<std::int64_t> product_ids;
  for (const domain::OrderLineInput& line : input.lines) product_ids.push_back(line.product_id);
  MAMON_TRY(sale.products, storage::find_products(tx, product_ids));
  MAMON_TRY(sale.lines, domain::price_order(input.lines, sale.products));
  MAMON_TRY(sale.total, domain::order_total(sale.lines));
  if (method == domain::PaymentMethod::kBalance) {
    Result<storage::HolderWallet> found = storage::find_holder_wallet(tx, *input.buyer_holder_id);
    if (!found.ok() && found.error().code == ErrorCode::kHolderNotFound) {
      // The body calls it "buyer": the field error must name that field.
      Error error = std::move(found).error();
      error.field = "buyer";
      return error;
    }
    MAMON_TRY(storage::HolderWallet buyer, std::move(found));
    sale.wallet = std::move(buyer.wallet);
    MAMON_CHECK(sale.wallet->is_wallet());
    MAMON_TRY(Cents left, sale.wallet->balance().minus(sale.total));
    if (left < sale.wallet->floor) {
      return make_error(ErrorCode::kInsufficientFunds,
                        "The balance of " + sale.wallet->balance().to_string() +
                            " is too low for a purchase of " + sale.total.to_string() + ".",
                        "buyer");
    }
  }
  MAMON_TRY(sale.movement, plan_movement(tx, domain::movement_for_purchase(method), sale.wallet));
  return sale;
}

// The writes of a prepared sale. Only the wallet debit may still refuse (kInsufficientFunds,
// when a concurrent sale spent the money first); it is the first write, so nothing stays then.
// After it, every write must succeed (a failure is a database error and rolls everything back).
Result<domain::Purchase> write_sale(storage::Transaction& tx, const domain::PurchaseInput& input,
                                    domain::PaymentMethod method, const PreparedSale& sale,
                                    TimestampUs now_us) {
  std::optional<Cents> balance_after;
  if (sale.wallet) balance_after = sale.wallet->balance();  // unchanged by a sale of 0.00
  if (sale.total > Cents::zero()) {
    MAMON_TRY(std::optional<Cents> after, apply_movement_entries(tx, sale.movement, sale.total));
    if (sale.wallet) balance_after = after;
  }
  // ---- The money has moved: from here on the writes must succeed. ----
  storage::NewPurchase new_purchase;
  new_purchase.seller_personnel_id = sale.seller.id;
  new_purchase.buyer_holder_id = input.buyer_holder_id;
  new_purchase.method = method;
  new_purchase.total = sale.total;
  new_purchase.balance_after = balance_after;
  new_purchase.created_at_us = now_us;
  new_purchase.lines = sale.lines;
  MAMON_TRY(domain::Purchase purchase, storage::insert_purchase(tx, new_purchase));
  // The stock it draws, in this transaction: a rolled-back sale leaves the stock unchanged.
  MAMON_RETURN_IF_ERROR(draw_stock_for_sale(tx, purchase, sale.products));
  if (sale.total > Cents::zero()) {
    MAMON_RETURN_IF_ERROR(
        defer_movement_rest(tx, sale.movement, sale.total, purchase.id, std::nullopt, now_us));
  }
  return purchase;
}

// The body of sell(), run inside one write transaction (possibly more than once).
Result<Sale> sell_in(storage::Transaction& tx, const Clock& clock, const domain::Caller& caller,
                     const SaleRequest& request, domain::PaymentMethod method,
                     const std::string& request_hash) {
  if (request.idempotency_key) {
    MAMON_TRY(std::optional<std::int64_t> replay,
              find_replay(tx, caller.user_id, *request.idempotency_key, kResultKindPurchase,
                          request_hash));
    if (replay) {
      MAMON_TRY(PurchaseView view, load_purchase_view(tx, *replay));
      return Sale{std::move(view), true};
    }
  }
  MAMON_TRY(PreparedSale sale, prepare_sale(tx, caller, request.input, method));
  const TimestampUs now_us = clock.now_us();
  MAMON_TRY(domain::Purchase purchase, write_sale(tx, request.input, method, sale, now_us));
  if (request.idempotency_key) {
    MAMON_RETURN_IF_ERROR(remember_result(tx, caller.user_id, *request.idempotency_key,
                                          request_hash, kResultKindPurchase, purchase.id, now_us));
  }
  return Sale{PurchaseView{std::move(purchase), std::move(sale.seller)}, false};
}

}  // namespace

Result<Sale> sell(storage::Database& db, const Clock& clock, const domain::Caller& caller,
                  const SaleRequest& request) {
  // Validations that need no database.
  if (!domain::can_sell(caller)) {
    if (!domain::is_personnel(caller)) {
      return domain::not_personnel_error(not_personnel().message, domain::Permission::kSell);
    }
    return domain::permission_denied_error(domain::Permission::kSell, "You may not sell.");
  }
  MAMON_RETURN_IF_ERROR(validate_idempotency_key(request.idempotency_key));
  MAMON_TRY(domain::PaymentMethod method, domain::validate_purchase_input(request.input));
  const std::string request_hash =
      request.idempotency_key ? hash_sale_request(request.input, method) : std::string();

  return run_transaction(db, storage::TxMode::kWrite, [&](storage::Transaction& tx) {
    return sell_in(tx, clock, caller, request, method, request_hash);
  });
}

Result<PurchaseView> get_purchase(storage::Database& db, const domain::Caller& caller,
                                  std::int64_t purchase_id) {
  return run_transaction(
      db, storage::TxMode::kRead, [&](storage::Transaction& tx) -> Result<PurchaseView> {
        MAMON_TRY(PurchaseView view, load_purchase_view(tx, purchase_id));
        if (!may_see_purchase(caller, view.purchase)) {
          return make_error(ErrorCode::kNotFound,
                            "Purchase " + std::to_string(purchase_id) + " does not exist.");
        }
        return view;
      });
}

Result<Page<PurchaseView>> list_purchases(storage::Database& db, const domain::Caller& caller,
                                          const PageRequest& page) {
  MAMON_RETURN_IF_ERROR(validate_page_request(page));
  storage::PurchaseQuery query;
  query.limit = page.page_size;
  query.offset = page_offset(page);
  if (!domain::can_view_all_purchases(caller)) {
    // A holder sees their own purchases; a caller without a holder sees none.
    if (!caller.holder_id) return Page<PurchaseView>{};
    query.buyer_holder_id = caller.holder_id;
  }
  return run_transaction(
      db, storage::TxMode::kRead, [&](storage::Transaction& tx) -> Result<Page<PurchaseView>> {
        Page<PurchaseView> out;
        MAMON_TRY(out.total, storage::count_purchases(tx, query));
        MAMON_TRY(std::vector<domain::Purchase> purchases, storage::list_purchases(tx, query));
        MAMON_TRY(out.items, with_sellers(tx, std::move(purchases)));
        return out;
      });
}

Result<PurchaseList> list_board_purchases(storage::Database& db, const Clock& clock,
                                          const domain::Caller& caller,
                                          const PurchaseFilter& filter, const PageRequest& page) {
  MAMON_RETURN_IF_ERROR(validate_board_filter(caller, filter));
  MAMON_RETURN_IF_ERROR(validate_page_request(page));
  return run_transaction(
      db, storage::TxMode::kRead, [&](storage::Transaction& tx) -> Result<PurchaseList> {
        MAMON_TRY(storage::PurchaseQuery query, board_query(tx, clock, filter));
        query.limit = page.page_size;
        query.offset = page_offset(page);
        PurchaseList out;
        MAMON_TRY(storage::PurchaseTotals totals, storage::sum_purchases(tx, query));
        out.page.total = totals.count;
        out.total_sum = totals.total;
        out.voided_count = totals.voided;
        MAMON_TRY(std::vector<domain::Purchase> purchases, storage::list_purchases(tx, query));
        MAMON_TRY(out.page.items, with_sellers(tx, std::move(purchases)));
        return out;
      });
}

Result<PurchaseList> export_board_purchases(storage::Database& db, const Clock& clock,
                                            const domain::Caller& caller,
                                            const PurchaseFilter& filter) {
  MAMON_RETURN_IF_ERROR(validate_board_filter(caller, filter));
  return run_transaction(
      db, storage::TxMode::kRead, [&](storage::Transaction& tx) -> Result<PurchaseList> {
        MAMON_TRY(storage::PurchaseQuery query, board_query(tx, clock, filter));
        PurchaseList out;
        MAMON_TRY(storage::PurchaseTotals totals, storage::sum_purchases(tx, query));
        if (totals.count > limits::kExportRowsMax) {
          return make_error(ErrorCode::kInvalidInput,
                            "The export would have " + std::to_string(totals.count) +
                                " purchases, more than " + std::to_string(limits::kExportRowsMax) +
                                "; narrow the filter.",
                            "start");
        }
        out.page.total = totals.count;
        out.total_sum = totals.total;
        out.voided_count = totals.voided;
        query.limit = limits::kExportRowsMax;
        query.offset = 0;
        MAMON_TRY(std::vector<domain::Purchase> purchases, storage::list_purchases(tx, query));
        MAMON_TRY(out.page.items, with_sellers(tx, std::move(purchases)));
        return out;
      });
}

}  // namespace mamon::service
