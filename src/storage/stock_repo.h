// Stock items and their mutations (issue 10 item 2; migrations 0005 and 0011). A stock item's
// quantity changes only together with the mutation that explains it: every writing call here
// updates stock_items.quantity and inserts the mutation(s) in the caller's transaction, so the
// two commit or roll back together. All calls run inside the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "domain/stock.h"
#include "storage/database.h"

namespace mamon::storage {

// Every stock item by name.
Result<std::vector<domain::StockItem>> list_stock_items(Transaction& tx);
// Error kNotFound.
Result<domain::StockItem> find_stock_item(Transaction& tx, std::int64_t stock_item_id);

struct StockItemFields {
  std::string name;  // unique
  domain::StockUnit unit = domain::StockUnit::kUnits;
  std::string description;
};
// A new stock item with quantity 0. Error kConflict if the name is taken.
Result<std::int64_t> insert_stock_item(Transaction& tx, const StockItemFields& fields,
                                       TimestampUs created_at_us);
// Renames, re-describes and re-units it (the quantity's steps are kept as they are). Errors
// kNotFound; kConflict if another stock item has the name.
Status update_stock_item(Transaction& tx, std::int64_t stock_item_id,
                         const StockItemFields& fields);

struct NewStockMutation {
  std::int64_t stock_item_id = 0;
  domain::StockMutationKind kind = domain::StockMutationKind::kDelivery;
  std::int64_t quantity_delta = 0;
  std::string reason;
  std::optional<std::int64_t> cost_cents;
  std::optional<std::int64_t> user_id;
  TimestampUs created_at_us = 0;
};
struct InsertedStockMutation {
  std::int64_t id = 0;
  std::int64_t quantity_after = 0;  // the stock item's quantity including this mutation
};
// Adds quantity_delta to the item's quantity and records the mutation (not imported). Error
// kNotFound for an unknown stock item (nothing written).
Result<InsertedStockMutation> insert_stock_mutation(Transaction& tx, const NewStockMutation& m);

// One order line's draw on a stock item: quantity_delta < 0 for a sale, > 0 for giving it back.
struct SaleDraw {
  std::int64_t stock_item_id = 0;
  std::int64_t order_line_id = 0;
  std::int64_t quantity_delta = 0;
};
// Records the draws of purchase `purchase_id` as 'sale' mutations and applies them to their stock
// items, in ascending stock item order (row locks in id order: concurrent sales cannot deadlock
// on stock). The sale's hot path: on PostgreSQL one statement per stock item (update and insert
// in one CTE), on SQLite two. `user_id` is who caused it (none for a sale).
Status record_sale_draws(Transaction& tx, std::int64_t purchase_id,
                         std::optional<std::int64_t> user_id, const std::string& reason,
                         std::span<const SaleDraw> draws, TimestampUs created_at_us);

// The 'sale' mutations of a purchase, by id.
Result<std::vector<domain::StockMutation>> sale_mutations_of_purchase(Transaction& tx,
                                                                      std::int64_t purchase_id);

// A stock item's mutations, newest first, one page; and how many it has.
Result<std::vector<domain::StockMutation>> list_stock_mutations(Transaction& tx,
                                                                std::int64_t stock_item_id,
                                                                std::int64_t limit,
                                                                std::int64_t offset);
Result<std::int64_t> count_stock_mutations(Transaction& tx, std::int64_t stock_item_id);

// The products that draw from a stock item (id, name, units_per_sale), by name.
struct StockProductRow {
  std::int64_t product_id = 0;
  std::string name;
  std::int64_t units_per_sale = 0;
  bool active = true;
};
Result<std::vector<StockProductRow>> products_drawing_from(Transaction& tx,
                                                           std::int64_t stock_item_id);

// For `mamon check` (service/ledger_check.h, rule STOCK).
struct StockQuantityMismatch {
  std::int64_t stock_item_id = 0;
  std::string name;
  std::int64_t quantity = 0;
  std::int64_t mutations_sum = 0;  // over its mutations that are not imported
};
// The stock items whose quantity differs from the sum of their non-imported mutations.
Result<std::vector<StockQuantityMismatch>> stock_items_with_quantity_mismatch(Transaction& tx);

// Every non-imported 'sale' mutation with the order line it names (line columns empty when it
// names none or an unknown one), by order line and id.
struct SaleMutationRow {
  std::int64_t mutation_id = 0;
  std::int64_t stock_item_id = 0;
  std::optional<std::int64_t> purchase_id;
  std::optional<std::int64_t> order_line_id;
  std::int64_t quantity_delta = 0;
  std::optional<std::int64_t> line_purchase_id;
  std::optional<std::int64_t> line_quantity;
};
Result<std::vector<SaleMutationRow>> sale_mutation_rows(Transaction& tx);

}  // namespace mamon::storage
