#include "storage/stock_repo.h"

#include <algorithm>
#include <map>

#include "storage/repo_rows.h"

#define MAMON_STOCK_ITEM_COLUMNS "id, name, unit, quantity, description, created_at_us"
#define MAMON_STOCK_MUTATION_COLUMNS                                                    \
  "id, stock_item_id, kind, quantity_delta, reason, cost_cents, user_id, purchase_id, " \
  "order_line_id, imported, created_at_us"

namespace mamon::storage {
namespace {

Error stock_item_not_found(std::int64_t id) {
  return make_error(ErrorCode::kNotFound, "Stock item " + std::to_string(id) + " does not exist.");
}

domain::StockItem item_from_row(const Row& row) {
  domain::StockItem s;
  s.id = row.get_int(0);
  s.name = row.get_text(1);
  std::optional<domain::StockUnit> unit = domain::parse_stock_unit(row.get_text(2));
  MAMON_CHECK_MSG(unit.has_value(), "stock_items.unit is CHECKed to a known unit");
  s.unit = *unit;
  s.quantity = row.get_int(3);
  s.description = row.get_text(4);
  s.created_at_us = row.get_int(5);
  return s;
}

domain::StockMutation mutation_from_row(const Row& row) {
  domain::StockMutation m;
  m.id = row.get_int(0);
  m.stock_item_id = row.get_int(1);
  std::optional<domain::StockMutationKind> kind =
      domain::parse_stock_mutation_kind(row.get_text(2));
  MAMON_CHECK_MSG(kind.has_value(), "stock_mutations.kind is CHECKed to a known kind");
  m.kind = *kind;
  m.quantity_delta = row.get_int(3);
  m.reason = row.get_text(4);
  m.cost_cents = row.get_opt_int(5);
  m.user_id = row.get_opt_int(6);
  m.purchase_id = row.get_opt_int(7);
  m.order_line_id = row.get_opt_int(8);
  m.imported = row.get_bool(9);
  m.created_at_us = row.get_int(10);
  return m;
}

std::vector<domain::StockMutation> mutations_from(const QueryResult& r) {
  std::vector<domain::StockMutation> out;
  out.reserve(r.rows.size());
  for (const Row& row : r.rows) out.push_back(mutation_from_row(row));
  return out;
}

// "{1,2}" (a PostgreSQL array literal).
std::string pg_array(const std::vector<std::int64_t>& values) {
  std::string text = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) text.push_back(',');
    text += std::to_string(values[i]);
  }
  return text + "}";
}

// "[[line,delta],...]" for SQLite's json_each.
std::string json_pairs(const std::vector<std::int64_t>& lines,
                       const std::vector<std::int64_t>& deltas) {
  std::string text = "[";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) text.push_back(',');
    text += "[" + std::to_string(lines[i]) + "," + std::to_string(deltas[i]) + "]";
  }
  return text + "]";
}

// One stock item's draws: its quantity and its mutations together.
Status apply_item_draws(Transaction& tx, std::int64_t stock_item_id, std::int64_t purchase_id,
                        std::optional<std::int64_t> user_id, const std::string& reason,
                        const std::vector<std::int64_t>& lines,
                        const std::vector<std::int64_t>& deltas, TimestampUs now_us) {
  std::int64_t sum = 0;
  for (std::int64_t d : deltas) sum += d;
  if (tx.backend() == Backend::kPostgres) {
    MAMON_TRY(
        QueryResult r,
        tx.query("WITH s AS (UPDATE stock_items SET quantity = quantity + $2 WHERE id = $1 "
                 "RETURNING id) "
                 "INSERT INTO stock_mutations (stock_item_id, kind, quantity_delta, reason, "
                 "user_id, purchase_id, order_line_id, imported, created_at_us) "
                 "SELECT s.id, 'sale', v.delta, CAST($3 AS TEXT), CAST($4 AS BIGINT), "
                 "CAST($5 AS BIGINT), v.line, FALSE, CAST($6 AS BIGINT) "
                 "FROM s, unnest(CAST($7 AS BIGINT[]), CAST($8 AS BIGINT[])) AS v(line, delta)",
                 {stock_item_id, sum, reason, param_or_null(user_id), purchase_id, now_us,
                  pg_array(lines), pg_array(deltas)}));
    if (r.affected_rows != static_cast<std::int64_t>(lines.size())) {
      return stock_item_not_found(stock_item_id);
    }
    return ok_status();
  }
  MAMON_TRY(QueryResult updated,
            tx.query("UPDATE stock_items SET quantity = quantity + $2 WHERE id = $1",
                     {stock_item_id, sum}));
  if (updated.affected_rows != 1) return stock_item_not_found(stock_item_id);
  MAMON_RETURN_IF_ERROR(
      tx.query("INSERT INTO stock_mutations (stock_item_id, kind, quantity_delta, reason, user_id, "
               "purchase_id, order_line_id, imported, created_at_us) "
               "SELECT $1, 'sale', json_extract(value, '$[1]'), $2, $3, $4, "
               "json_extract(value, '$[0]'), 0, $5 FROM json_each($6)",
               {stock_item_id, reason, param_or_null(user_id), purchase_id, now_us,
                json_pairs(lines, deltas)}));
  return ok_status();
}

}  // namespace

Result<std::vector<domain::StockItem>> list_stock_items(Transaction& tx) {
  MAMON_TRY(QueryResult r,
            tx.query("SELECT " MAMON_STOCK_ITEM_COLUMNS " FROM stock_items ORDER BY name, id"));
  std::vector<domain::StockItem> out;
  out.reserve(r.rows.size());
  for (const Row& row : r.rows) out.push_back(item_from_row(row));
  return out;
}

Result<domain::StockItem> find_stock_item(Transaction& tx, std::int64_t stock_item_id) {
  MAMON_TRY(Row row, rows::single_row(tx.query("SELECT " MAMON_STOCK_ITEM_COLUMNS
                                               " FROM stock_items WHERE id = $1",
                                               {stock_item_id}),
                                      stock_item_not_found(stock_item_id)));
  return item_from_row(row);
}

Result<std::int64_t> insert_stock_item(Transaction& tx, const StockItemFields& f,
                                       TimestampUs created_at_us) {
  return rows::single_int(tx.query(
      "INSERT INTO stock_items (name, unit, quantity, description, created_at_us) "
      "VALUES ($1, $2, 0, $3, $4) RETURNING id",
      {f.name, std::string(domain::stock_unit_name(f.unit)), f.description, created_at_us}));
}

Status update_stock_item(Transaction& tx, std::int64_t stock_item_id, const StockItemFields& f) {
  MAMON_TRY(QueryResult r,
            tx.query("UPDATE stock_items SET name = $1, unit = $2, description = $3 WHERE id = $4",
                     {f.name, std::string(domain::stock_unit_name(f.unit)), f.description,
                      stock_item_id}));
  if (r.affected_rows != 1) return stock_item_not_found(stock_item_id);
  return ok_status();
}

Result<InsertedStockMutation> insert_stock_mutation(Transaction& tx, const NewStockMutation& m) {
  InsertedStockMutation out;
  MAMON_TRY(Row row, rows::single_row(tx.query("UPDATE stock_items SET quantity = quantity + $2 "
                                               "WHERE id = $1 RETURNING quantity",
                                               {m.stock_item_id, m.quantity_delta}),
                                      stock_item_not_found(m.stock_item_id)));
  out.quantity_after = row.get_int(0);
  MAMON_TRY(out.id, rows::single_int(tx.query(
                        "INSERT INTO stock_mutations (stock_item_id, kind, quantity_delta, reason, "
                        "cost_cents, user_id, imported, created_at_us) "
                        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                        {m.stock_item_id, std::string(domain::stock_mutation_kind_name(m.kind)),
                         m.quantity_delta, m.reason, param_or_null(m.cost_cents),
                         param_or_null(m.user_id), false, m.created_at_us})));
  return out;
}

Status record_sale_draws(Transaction& tx, std::int64_t purchase_id,
                         std::optional<std::int64_t> user_id, const std::string& reason,
                         std::span<const SaleDraw> draws, TimestampUs created_at_us) {
  // Grouped by stock item, ascending: the order in which the rows get locked.
  std::map<std::int64_t, std::pair<std::vector<std::int64_t>, std::vector<std::int64_t>>> items;
  for (const SaleDraw& d : draws) {
    auto& [lines, deltas] = items[d.stock_item_id];
    lines.push_back(d.order_line_id);
    deltas.push_back(d.quantity_delta);
  }
  for (const auto& [item, lines_deltas] : items) {
    MAMON_RETURN_IF_ERROR(apply_item_draws(tx, item, purchase_id, user_id, reason,
                                           lines_deltas.first, lines_deltas.second, created_at_us));
  }
  return ok_status();
}

Result<std::vector<domain::StockMutation>> sale_mutations_of_purchase(Transaction& tx,
                                                                      std::int64_t purchase_id) {
  MAMON_TRY(QueryResult r, tx.query("SELECT " MAMON_STOCK_MUTATION_COLUMNS
                                    " FROM stock_mutations WHERE purchase_id = $1 "
                                    "AND kind = 'sale' ORDER BY id",
                                    {purchase_id}));
  return mutations_from(r);
}

Result<std::vector<domain::StockMutation>> list_stock_mutations(Transaction& tx,
                                                                std::int64_t stock_item_id,
                                                                std::int64_t limit,
                                                                std::int64_t offset) {
  MAMON_TRY(QueryResult r, tx.query("SELECT " MAMON_STOCK_MUTATION_COLUMNS
                                    " FROM stock_mutations WHERE stock_item_id = $1 "
                                    "ORDER BY created_at_us DESC, id DESC LIMIT $2 OFFSET $3",
                                    {stock_item_id, limit, offset}));
  return mutations_from(r);
}

Result<std::int64_t> count_stock_mutations(Transaction& tx, std::int64_t stock_item_id) {
  return rows::single_int(
      tx.query("SELECT COUNT(*) FROM stock_mutations WHERE stock_item_id = $1", {stock_item_id}));
}

Result<std::vector<StockProductRow>> products_drawing_from(Transaction& tx,
                                                           std::int64_t stock_item_id) {
  MAMON_TRY(QueryResult r, tx.query("SELECT id, name, units_per_sale, active FROM products "
                                    "WHERE stock_item_id = $1 ORDER BY name, id",
                                    {stock_item_id}));
  std::vector<StockProductRow> out;
  for (const Row& row : r.rows) {
    out.push_back({row.get_int(0), row.get_text(1), row.get_int(2), row.get_bool(3)});
  }
  return out;
}

Result<std::vector<StockQuantityMismatch>> stock_items_with_quantity_mismatch(Transaction& tx) {
  MAMON_TRY(QueryResult r,
            tx.query("SELECT s.id, s.name, s.quantity, COALESCE(m.total, 0) FROM stock_items s "
                     "LEFT JOIN (SELECT stock_item_id, SUM(quantity_delta) AS total "
                     "FROM stock_mutations WHERE NOT imported GROUP BY stock_item_id) m "
                     "ON m.stock_item_id = s.id "
                     "WHERE s.quantity <> COALESCE(m.total, 0) ORDER BY s.id"));
  std::vector<StockQuantityMismatch> out;
  for (const Row& row : r.rows) {
    out.push_back({row.get_int(0), row.get_text(1), row.get_int(2), row.get_int(3)});
  }
  return out;
}

Result<std::vector<SaleMutationRow>> sale_mutation_rows(Transaction& tx) {
  MAMON_TRY(QueryResult r,
            tx.query("SELECT m.id, m.stock_item_id, m.purchase_id, m.order_line_id, "
                     "m.quantity_delta, ol.purchase_id, ol.quantity FROM stock_mutations m "
                     "LEFT JOIN order_lines ol ON ol.id = m.order_line_id "
                     "WHERE m.kind = 'sale' AND NOT m.imported ORDER BY m.order_line_id, m.id"));
  std::vector<SaleMutationRow> out;
  out.reserve(r.rows.size());
  for (const Row& row : r.rows) {
    out.push_back({row.get_int(0), row.get_int(1), row.get_opt_int(2), row.get_opt_int(3),
                   row.get_int(4), row.get_opt_int(5), row.get_opt_int(6)});
  }
  return out;
}

}  // namespace mamon::storage
