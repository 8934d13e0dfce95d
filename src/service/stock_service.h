// Stock (issue 10 item 2; DESIGN.md §1): stock items with a quantity in their unit's smallest
// step (domain/stock.h), and the mutations that are the only way a quantity changes: deliveries,
// counts and losses by hand (this file), a 'sale' for every order line of a product that draws
// from a stock item, in the sale's own transaction (draw_stock_for_sale, called by
// purchases_service.cc), and its return when the purchase is voided.
//
// Permissions (WEB.md §3): writes need manage_stock (Bestuur, a superuser); reads need
// manage_stock, view_reports (Kascommissie reads everything) or view_sales (the bar staff, who
// could read stock in the old system). kPermissionDenied naming manage_stock otherwise, before
// anything is read. Every write by hand appends one audit entry (object "stock_item", before ->
// after as JSON) in its own transaction.
// Thread-safe: each call is one transaction on a pooled connection (except the two that run in
// the caller's transaction).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "domain/permissions.h"
#include "domain/products.h"
#include "domain/purchases.h"
#include "domain/stock.h"
#include "service/pages.h"
#include "storage/database.h"
#include "storage/stock_repo.h"

namespace mamon::service {

// OK when the caller may read stock (see above), else kPermissionDenied naming manage_stock.
Status may_read_stock(const domain::Caller& caller);
// OK when the caller may change stock, else kPermissionDenied naming manage_stock.
Status may_manage_stock(const domain::Caller& caller);

// Every stock item by name.
Result<std::vector<domain::StockItem>> list_stock(storage::Database& db,
                                                  const domain::Caller& caller);

// One stock item, one page of its mutations (newest first, with the total) and the products that
// draw from it. Errors kNotFound; kInvalidInput for a bad page request.
struct StockDetail {
  domain::StockItem item;
  Page<domain::StockMutation> mutations;
  std::vector<storage::StockProductRow> products;
};
Result<StockDetail> get_stock(storage::Database& db, const domain::Caller& caller,
                              std::int64_t stock_item_id, const PageRequest& page);

// A stock item form as typed. Checked in this order, each kInvalidInput with its field: name
// 1..limits::kNameLengthMax bytes after trimming ("name"); unit one of domain::kStockUnitNames
// ("unit"); description at most limits::kCommentLengthMax bytes ("description"); kConflict
// "name" when another stock item has the name. On an edit the unit may change only to one of the
// same measure (domain::same_measure: pieces <-> bags, not liters -> grams): the stored steps keep
// their meaning (kInvalidInput "unit").
struct StockItemInput {
  std::string name;
  std::string unit = "units";
  std::string description;
};
// A new stock item with quantity 0; returns its id.
Result<std::int64_t> create_stock_item(storage::Database& db, const Clock& clock,
                                       const domain::Caller& caller, const StockItemInput& input);
// Saves name, unit and description; kNotFound for an unknown id. A save that changes nothing
// writes nothing.
Status update_stock_item(storage::Database& db, const Clock& clock, const domain::Caller& caller,
                         std::int64_t stock_item_id, const StockItemInput& input);

// A mutation by hand, as typed (API or form). Checked in this order, each kInvalidInput with its
// field: kind "delivery" | "count" | "loss" ("kind"); quantity a signed decimal number in the
// stock's unit, exact (domain::parse_stock_quantity, "quantity") obeying the kind's sign rule
// (domain::check_manual_mutation: delivery > 0, loss < 0, count either way); reason 1..
// limits::kCommentLengthMax bytes after trimming ("reason", required); cost in cents >= 0 and at
// most limits::kMoneyAbsMaxCents, optional ("cost"). kNotFound for an unknown stock item.
struct StockMutationInput {
  std::string kind;
  std::string quantity;  // e.g. "12", "-0.5", "1.5e1"
  std::string reason;
  std::optional<std::int64_t> cost_cents;
};
struct AddedStockMutation {
  domain::StockMutation mutation;
  domain::StockItem item;  // with its quantity after the mutation
};
Result<AddedStockMutation> add_stock_mutation(storage::Database& db, const Clock& clock,
                                              const domain::Caller& caller,
                                              std::int64_t stock_item_id,
                                              const StockMutationInput& input);

// Inside the sale's transaction (purchases_service.cc), after its lines are stored: for every
// line of `purchase` whose product (among `products`, as the sale read them) draws from a stock
// item, a 'sale' mutation of -quantity x units_per_sale on that item, naming the purchase and the
// line. Stock may go negative (the bar does not stop selling when a count was off). Lines of
// products without a stock item, or drawing 0 units, write nothing; a sale with none of them
// costs no statement at all.
Status draw_stock_for_sale(storage::Transaction& tx, const domain::Purchase& purchase,
                           std::span<const domain::Product> products);

// Inside the void's transaction: adds back what purchase `purchase_id`'s 'sale' mutations took,
// one opposite 'sale' mutation per line (reason "void of purchase N", user `user_id`). Once: a
// line already given back is skipped, so a second call adds nothing. A purchase that drew no
// stock is fine (nothing to do).
Status restore_stock_for_voided_purchase(storage::Transaction& tx, std::int64_t purchase_id,
                                         std::optional<std::int64_t> user_id, TimestampUs now_us);

}  // namespace mamon::service
