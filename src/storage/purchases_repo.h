// Purchases and their order lines (DESIGN.md §1). All calls run inside the caller's transaction.
// The ledger side of a purchase (its transfer and the accounts' caches) is ledger_repo's.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "base/clock.h"
#include "base/money.h"
#include "base/result.h"
#include "domain/purchases.h"
#include "storage/database.h"

namespace mamon::storage {

struct NewPurchase {
  std::int64_t seller_personnel_id = 0;
  std::optional<std::int64_t> buyer_holder_id;
  domain::PaymentMethod method = domain::PaymentMethod::kCash;
  Cents total;
  std::optional<Cents> balance_after;
  TimestampUs created_at_us = 0;
  std::span<const domain::PricedLine> lines;  // 1..limits::kOrderLinesMax (CHECKed)
};

// Inserts the purchase and its lines (two statements) and returns it as stored.
Result<domain::Purchase> insert_purchase(Transaction& tx, const NewPurchase& purchase);

// With its lines. Error kNotFound.
Result<domain::Purchase> find_purchase(Transaction& tx, std::int64_t purchase_id);

// The id of the newest purchase this staff member sold (created_at_us, then id), none if they
// sold nothing: "one's own last sale" of the undo (service/undo_sale.h).
Result<std::optional<std::int64_t>> newest_purchase_of_seller(Transaction& tx,
                                                              std::int64_t personnel_id);

// Newest first (created_at_us, then id, descending), with lines. Every filter set narrows the
// list (AND): with `buyer_holder_id` only that holder's purchases; the rest are the board's
// (WEB.md §2 "Purchases"). Without any of the board's filters the statements are the API's
// index-friendly ones.
struct PurchaseQuery {
  std::optional<std::int64_t> buyer_holder_id;
  std::optional<TimestampUs> from_us;  // created_at_us >= from_us
  std::optional<TimestampUs> to_us;    // created_at_us < to_us (half-open)
  std::optional<domain::PaymentMethod> method;
  std::optional<std::int64_t> seller_personnel_id;
  std::optional<std::int64_t> product_id;  // has a line of this product
  std::int64_t limit = 20;
  std::int64_t offset = 0;

  bool has_board_filters() const {
    return from_us || to_us || method || seller_personnel_id || product_id;
  }
};
Result<std::vector<domain::Purchase>> list_purchases(Transaction& tx, const PurchaseQuery& query);
// How many purchases the query's filter matches (limit/offset ignored).
Result<std::int64_t> count_purchases(Transaction& tx, const PurchaseQuery& query);

// The count and the sum of the totals of every purchase the filter matches (limit/offset
// ignored), in one statement.
// Over the purchases a query matches: how many (voided ones included), how many of them are
// voided, and the sum of the totals of those that are not (a void reverses its purchase).
struct PurchaseTotals {
  std::int64_t count = 0;
  Cents total;
  std::int64_t voided = 0;
};
Result<PurchaseTotals> sum_purchases(Transaction& tx, const PurchaseQuery& query);

// (product id, total quantity) over the holder's purchases as buyer, by product id.
Result<std::vector<std::pair<std::int64_t, std::int64_t>>> quantities_bought_by_holder(
    Transaction& tx, std::int64_t holder_id);

}  // namespace mamon::storage
