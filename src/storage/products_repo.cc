#include "storage/products_repo.h"

#include <map>

#include "storage/repo_rows.h"

#define MAMON_PRODUCT_COLUMNS                                                          \
  "pr.id, pr.name, pr.price_cents, pr.color, pr.active, pr.image, pr.units_per_sale, " \
  "pr.stock_item_id, pr.grootboek_waarde, si.unit"
// The stock item's unit comes with the product (the API shows `units` in it).
#define MAMON_PRODUCT_STOCK_JOIN " LEFT JOIN stock_items si ON si.id = pr.stock_item_id"

namespace mamon::storage {
namespace {

domain::Product product_from_row(const Row& row, std::size_t first) {
  domain::Product p;
  p.id = row.get_int(first + 0);
  p.name = row.get_text(first + 1);
  p.price = Cents(row.get_int(first + 2));
  p.color = row.get_text(first + 3);
  p.active = row.get_bool(first + 4);
  p.image = row.get_text(first + 5);
  p.units_per_sale = row.get_int(first + 6);
  p.master_stock_id = row.get_opt_int(first + 7);
  p.grootboek_waarde = row.get_opt_text(first + 8);
  if (std::optional<std::string> unit = row.get_opt_text(first + 9)) {
    p.stock_unit = domain::parse_stock_unit(*unit);
    MAMON_CHECK_MSG(p.stock_unit.has_value(), "stock_items.unit is CHECKed to a known unit");
  }
  return p;
}

std::vector<domain::Product> products_from(const QueryResult& r) {
  std::vector<domain::Product> out;
  out.reserve(r.rows.size());
  for (const Row& row : r.rows) out.push_back(product_from_row(row, 0));
  return out;
}

Error product_not_found(std::int64_t id) {
  return make_error(ErrorCode::kProductNotFound,
                    "Product " + std::to_string(id) + " does not exist.");
}

Status expect_one_product(const Result<QueryResult>& r, std::int64_t id) {
  if (!r.ok()) return r.error();
  if (r->affected_rows != 1) return product_not_found(id);
  return ok_status();
}

// "{1,2,3}" (a PostgreSQL array literal) or "[1,2,3]" (JSON, for SQLite's json_each).
std::string id_list(std::span<const std::int64_t> ids, char open, char close) {
  std::string text(1, open);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) text.push_back(',');
    text += std::to_string(ids[i]);
  }
  text.push_back(close);
  return text;
}

}  // namespace

Result<std::int64_t> insert_product(Transaction& tx, const NewProduct& p) {
  return rows::single_int(tx.query(
      "INSERT INTO products (name, price_cents, color, active, image, units_per_sale, "
      "stock_item_id, grootboek_waarde) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
      {p.name, p.price.value(), p.color, p.active, p.image, p.units_per_sale,
       param_or_null(p.stock_item_id), param_or_null(p.grootboek_waarde)}));
}

Status set_product_active(Transaction& tx, std::int64_t product_id, bool active) {
  return expect_one_product(
      tx.query("UPDATE products SET active = $1 WHERE id = $2", {active, product_id}), product_id);
}

Status set_product_price(Transaction& tx, std::int64_t product_id, Cents price) {
  return expect_one_product(
      tx.query("UPDATE products SET price_cents = $1 WHERE id = $2", {price.value(), product_id}),
      product_id);
}

Result<domain::Product> find_product(Transaction& tx, std::int64_t product_id) {
  MAMON_TRY(Row row, rows::single_row(
                         tx.query("SELECT " MAMON_PRODUCT_COLUMNS
                                  " FROM products pr" MAMON_PRODUCT_STOCK_JOIN " WHERE pr.id = $1",
                                  {product_id}),
                         product_not_found(product_id)));
  return product_from_row(row, 0);
}

Result<std::vector<domain::Product>> find_products(Transaction& tx,
                                                   std::span<const std::int64_t> ids) {
  if (ids.empty()) return std::vector<domain::Product>();
  // One statement whatever the number of ids, with a constant SQL text (statement cache).
  Result<QueryResult> r =
      tx.backend() == Backend::kPostgres
          ? tx.query("SELECT " MAMON_PRODUCT_COLUMNS " FROM products pr" MAMON_PRODUCT_STOCK_JOIN
                     " WHERE pr.id = ANY(CAST($1 AS BIGINT[])) ORDER BY pr.id",
                     {id_list(ids, '{', '}')})
          : tx.query("SELECT " MAMON_PRODUCT_COLUMNS " FROM products pr" MAMON_PRODUCT_STOCK_JOIN
                     " WHERE pr.id IN (SELECT value FROM json_each($1))"
                     " ORDER BY pr.id",
                     {id_list(ids, '[', ']')});
  if (!r.ok()) return std::move(r).error();
  return products_from(*r);
}

Result<std::vector<domain::Product>> list_products(Transaction& tx) {
  MAMON_TRY(QueryResult r,
            tx.query("SELECT " MAMON_PRODUCT_COLUMNS " FROM products pr" MAMON_PRODUCT_STOCK_JOIN
                     " ORDER BY pr.id"));
  return products_from(r);
}

Result<std::int64_t> insert_category(Transaction& tx, const std::string& name,
                                     const std::string& description) {
  return rows::single_int(
      tx.query("INSERT INTO categories (name, description, position) "
               "SELECT $1, $2, COALESCE(MAX(position), 0) + 1 FROM categories RETURNING id",
               {name, description}));
}

Status add_product_to_category(Transaction& tx, std::int64_t category_id, std::int64_t product_id) {
  MAMON_RETURN_IF_ERROR(
      tx.query("INSERT INTO category_products (category_id, product_id, position) "
               "SELECT $1, $2, COALESCE(MAX(position), 0) + 1 FROM category_products "
               "WHERE category_id = $1 ON CONFLICT DO NOTHING",
               {category_id, product_id}));
  return ok_status();
}

Result<std::vector<domain::Category>> list_categories(Transaction& tx) {
  MAMON_TRY(QueryResult categories,
            tx.query("SELECT id, name, description FROM categories ORDER BY position, id"));
  MAMON_TRY(QueryResult members, tx.query("SELECT cp.category_id, " MAMON_PRODUCT_COLUMNS
                                          " FROM category_products cp JOIN products pr ON pr.id = "
                                          "cp.product_id" MAMON_PRODUCT_STOCK_JOIN
                                          " ORDER BY cp.category_id, cp.position, pr.id"));
  std::vector<domain::Category> out;
  std::map<std::int64_t, std::size_t> index_of;
  for (const Row& row : categories.rows) {
    domain::Category c;
    c.id = row.get_int(0);
    c.name = row.get_text(1);
    c.description = row.get_text(2);
    index_of[c.id] = out.size();
    out.push_back(std::move(c));
  }
  for (const Row& row : members.rows) {
    auto it = index_of.find(row.get_int(0));
    MAMON_CHECK(it != index_of.end());
    out[it->second].products.push_back(product_from_row(row, 1));
  }
  return out;
}

Status set_product_name_and_color(Transaction& tx, std::int64_t product_id, std::string_view name,
                                  std::string_view color) {
  return expect_one_product(tx.query("UPDATE products SET name = $1, color = $2 WHERE id = $3",
                                     {std::string(name), std::string(color), product_id}),
                            product_id);
}

Result<std::int64_t> catalogue_version(Transaction& tx) {
  MAMON_TRY(QueryResult r, tx.query("SELECT version FROM catalogue_version WHERE id = 1"));
  if (r.rows.size() != 1) {
    return make_error(ErrorCode::kInternal, "catalogue_version has no row (migration 0004)");
  }
  return r.rows[0].get_int(0);
}

}  // namespace mamon::storage
