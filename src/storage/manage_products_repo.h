// The catalogue as the board edits it (issue 9, item 4; the website's /manage/products/ and
// /manage/categories/): whole-product updates, a product's category links, categories with their
// order. Reading the catalogue is products_repo.h. Every write raises the catalogue version
// through the triggers of migration 0004, so every instance's catalogue cache rebuilds. All calls
// run inside the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/money.h"
#include "base/result.h"
#include "storage/database.h"

namespace mamon::storage {

// Every column the board edits. Error kProductNotFound; kConflict if another product has the
// name.
struct ProductChanges {
  std::string name;
  Cents price;
  std::string color;
  bool active = true;
  std::string image;
  std::int64_t units_per_sale = 1000;
  std::optional<std::string> grootboek_waarde;
  std::optional<std::int64_t> stock_item_id;  // must exist (a foreign key)
};
Status update_product(Transaction& tx, std::int64_t product_id, const ProductChanges& changes);

// The ids of the categories `product_id` is in, ascending.
Result<std::vector<std::int64_t>> categories_of_product(Transaction& tx, std::int64_t product_id);
// Puts the product in exactly `category_ids` (which must exist: a foreign key): links that are
// not wanted are removed, new ones are added at the end of their category.
Status set_categories_of_product(Transaction& tx, std::int64_t product_id,
                                 std::span<const std::int64_t> category_ids);

struct CategoryRow {
  std::int64_t id = 0;
  std::string name;
  std::string description;
  std::int64_t position = 0;
};
// All categories in their order (position, then id).
Result<std::vector<CategoryRow>> list_category_rows(Transaction& tx);
// Error kNotFound.
Result<CategoryRow> find_category(Transaction& tx, std::int64_t category_id);
// Error kNotFound.
Status update_category(Transaction& tx, std::int64_t category_id, const std::string& name,
                       const std::string& description);
// Rewrites the positions of all categories as 1..n in the order of `ids_in_order` (which must
// be every category's id, once).
Status set_category_order(Transaction& tx, std::span<const std::int64_t> ids_in_order);

// The products of a category in their order (position, then product id).
Result<std::vector<std::int64_t>> product_ids_in_category(Transaction& tx,
                                                          std::int64_t category_id);
// Rewrites the positions of the category's links as 1..n in the order of `product_ids_in_order`
// (every product of the category, once).
Status set_product_order(Transaction& tx, std::int64_t category_id,
                         std::span<const std::int64_t> product_ids_in_order);

}  // namespace mamon::storage
