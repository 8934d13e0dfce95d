// The catalogue: products and categories (DESIGN.md §1). All calls run inside the caller's
// transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/money.h"
#include "base/result.h"
#include "domain/products.h"
#include "storage/database.h"

namespace mamon::storage {

struct NewProduct {
  std::string name;
  Cents price;  // >= 0
  std::string color = "#FFFFFF";
  bool active = true;
  std::string image;
  std::int64_t units_per_sale = 1000;  // smallest steps of the stock item (domain::Product)
  std::optional<std::int64_t> stock_item_id;
  std::optional<std::string> grootboek_waarde;
};

// Error kConflict if the name is taken.
Result<std::int64_t> insert_product(Transaction& tx, const NewProduct& product);
Status set_product_active(Transaction& tx, std::int64_t product_id, bool active);
Status set_product_price(Transaction& tx, std::int64_t product_id, Cents price);

// Error kProductNotFound.
Result<domain::Product> find_product(Transaction& tx, std::int64_t product_id);
// The products among `ids` that exist, by id (duplicates in `ids` are fine). One statement.
Result<std::vector<domain::Product>> find_products(Transaction& tx,
                                                   std::span<const std::int64_t> ids);
// All products, active or not, by id.
Result<std::vector<domain::Product>> list_products(Transaction& tx);

// Last in the order of categories.
Result<std::int64_t> insert_category(Transaction& tx, const std::string& name,
                                     const std::string& description);
// Idempotent; a new link comes last in the category's order.
Status add_product_to_category(Transaction& tx, std::int64_t category_id, std::int64_t product_id);
// All categories in their order (position, then id; migration 0013), each with its products in
// their order within it.
Result<std::vector<domain::Category>> list_categories(Transaction& tx);

// The catalogue's version: a number that database triggers raise on every change of products,
// categories and their links (migration 0004), so a cache of the catalogue can tell cheaply
// whether it is stale. One single-row read.
Result<std::int64_t> catalogue_version(Transaction& tx);

// Renames and recolours a product (PUT /api/products/{id}). Error kProductNotFound; kConflict if
// another product has the name.
Status set_product_name_and_color(Transaction& tx, std::int64_t product_id, std::string_view name,
                                  std::string_view color);

}  // namespace mamon::storage
