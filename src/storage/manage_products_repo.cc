#include "storage/manage_products_repo.h"

#include <algorithm>

#include "storage/repo_rows.h"

namespace mamon::storage {
namespace {

Error category_not_found(std::int64_t id) {
  return make_error(ErrorCode::kNotFound, "Category " + std::to_string(id) + " does not exist.");
}

CategoryRow category_from_row(const Row& row) {
  return CategoryRow{row.get_int(0), row.get_text(1), row.get_text(2), row.get_int(3)};
}

std::vector<std::int64_t> ids_from(const QueryResult& r) {
  std::vector<std::int64_t> ids;
  ids.reserve(r.rows.size());
  for (const Row& row : r.rows) ids.push_back(row.get_int(0));
  return ids;
}

}  // namespace

Status update_product(Transaction& tx, std::int64_t product_id, const ProductChanges& c) {
  MAMON_TRY(
      QueryResult r,
      tx.query("UPDATE products SET name = $1, price_cents = $2, color = $3, active = $4, "
               "image = $5, units_per_sale = $6, grootboek_waarde = $7, stock_item_id = $9 "
               "WHERE id = $8",
               {c.name, c.price.value(), c.color, c.active, c.image, c.units_per_sale,
                param_or_null(c.grootboek_waarde), product_id, param_or_null(c.stock_item_id)}));
  if (r.affected_rows != 1) {
    return make_error(ErrorCode::kProductNotFound,
                      "Product " + std::to_string(product_id) + " does not exist.");
  }
  return ok_status();
}

Result<std::vector<std::int64_t>> categories_of_product(Transaction& tx, std::int64_t product_id) {
  MAMON_TRY(QueryResult r, tx.query("SELECT category_id FROM category_products "
                                    "WHERE product_id = $1 ORDER BY category_id",
                                    {product_id}));
  return ids_from(r);
}

Status set_categories_of_product(Transaction& tx, std::int64_t product_id,
                                 std::span<const std::int64_t> category_ids) {
  MAMON_TRY(std::vector<std::int64_t> current, categories_of_product(tx, product_id));
  for (std::int64_t category_id : current) {
    if (std::find(category_ids.begin(), category_ids.end(), category_id) != category_ids.end()) {
      continue;
    }
    MAMON_RETURN_IF_ERROR(
        tx.query("DELETE FROM category_products WHERE category_id = $1 AND product_id = $2",
                 {category_id, product_id}));
  }
  for (std::int64_t category_id : category_ids) {
    if (std::find(current.begin(), current.end(), category_id) != current.end()) continue;
    MAMON_RETURN_IF_ERROR(
        tx.query("INSERT INTO category_products (category_id, product_id, position) "
                 "SELECT $1, $2, COALESCE(MAX(position), 0) + 1 FROM category_products "
                 "WHERE category_id = $1 ON CONFLICT DO NOTHING",
                 {category_id, product_id}));
  }
  return ok_status();
}

Result<std::vector<CategoryRow>> list_category_rows(Transaction& tx) {
  MAMON_TRY(QueryResult r, tx.query("SELECT id, name, description, position FROM categories "
                                    "ORDER BY position, id"));
  std::vector<CategoryRow> out;
  out.reserve(r.rows.size());
  for (const Row& row : r.rows) out.push_back(category_from_row(row));
  return out;
}

Result<CategoryRow> find_category(Transaction& tx, std::int64_t category_id) {
  MAMON_TRY(Row row, rows::single_row(tx.query("SELECT id, name, description, position "
                                               "FROM categories WHERE id = $1",
                                               {category_id}),
                                      category_not_found(category_id)));
  return category_from_row(row);
}

Status update_category(Transaction& tx, std::int64_t category_id, const std::string& name,
                       const std::string& description) {
  MAMON_TRY(QueryResult r,
            tx.query("UPDATE categories SET name = $1, description = $2 WHERE id = $3",
                     {name, description, category_id}));
  if (r.affected_rows != 1) return category_not_found(category_id);
  return ok_status();
}

Status set_category_order(Transaction& tx, std::span<const std::int64_t> ids_in_order) {
  for (std::size_t i = 0; i < ids_in_order.size(); ++i) {
    MAMON_RETURN_IF_ERROR(tx.query("UPDATE categories SET position = $1 WHERE id = $2",
                                   {static_cast<std::int64_t>(i + 1), ids_in_order[i]}));
  }
  return ok_status();
}

Result<std::vector<std::int64_t>> product_ids_in_category(Transaction& tx,
                                                          std::int64_t category_id) {
  MAMON_TRY(QueryResult r, tx.query("SELECT product_id FROM category_products "
                                    "WHERE category_id = $1 ORDER BY position, product_id",
                                    {category_id}));
  return ids_from(r);
}

Status set_product_order(Transaction& tx, std::int64_t category_id,
                         std::span<const std::int64_t> product_ids_in_order) {
  for (std::size_t i = 0; i < product_ids_in_order.size(); ++i) {
    MAMON_RETURN_IF_ERROR(
        tx.query("UPDATE category_products SET position = $1 "
                 "WHERE category_id = $2 AND product_id = $3",
                 {static_cast<std::int64_t>(i + 1), category_id, product_ids_in_order[i]}));
  }
  return ok_status();
}

}  // namespace mamon::storage
