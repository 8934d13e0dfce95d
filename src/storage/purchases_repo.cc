#include "storage/purchases_repo.h"

#include <algorithm>
#include <array>
#include <map>
#include <string>

#include "base/limits.h"
#include "storage/repo_rows.h"

#define MAMON_PURCHASE_COLUMNS                                                           \
  "id, seller_personnel_id, buyer_holder_id, method, total_cents, balance_after_cents, " \
  "imported, created_at_us, voided_at_us"
#define MAMON_ORDER_LINE_COLUMNS \
  "id, purchase_id, product_id, quantity, unit_price_cents, ledger_account"

// The board's filters of PurchaseQuery over `purchases`: $1 buyer, $2 from, $3 to, $4 method,
// $5 seller, $6 product, each NULL when not set (the CASTs give PostgreSQL the types).
#define MAMON_PURCHASE_FILTER                                                       \
  " WHERE (CAST($1 AS BIGINT) IS NULL OR buyer_holder_id = CAST($1 AS BIGINT))"     \
  " AND (CAST($2 AS BIGINT) IS NULL OR created_at_us >= CAST($2 AS BIGINT))"        \
  " AND (CAST($3 AS BIGINT) IS NULL OR created_at_us < CAST($3 AS BIGINT))"         \
  " AND (CAST($4 AS TEXT) IS NULL OR method = CAST($4 AS TEXT))"                    \
  " AND (CAST($5 AS BIGINT) IS NULL OR seller_personnel_id = CAST($5 AS BIGINT))"   \
  " AND (CAST($6 AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM order_lines fl WHERE " \
  "fl.purchase_id = purchases.id AND fl.product_id = CAST($6 AS BIGINT))) "

namespace mamon::storage {
namespace {

// $1..$6 of MAMON_PURCHASE_FILTER.
std::vector<Param> filter_params(const PurchaseQuery& q) {
  std::optional<std::string> method;
  if (q.method) method = std::string(domain::payment_method_name(*q.method));
  return {param_or_null(q.buyer_holder_id),
          param_or_null(q.from_us),
          param_or_null(q.to_us),
          param_or_null(method),
          param_or_null(q.seller_personnel_id),
          param_or_null(q.product_id)};
}

domain::Purchase purchase_from_row(const Row& row) {
  domain::Purchase p;
  p.id = row.get_int(0);
  p.seller_personnel_id = row.get_int(1);
  p.buyer_holder_id = row.get_opt_int(2);
  p.method = rows::payment_method_from_row(row, 3);
  p.total = Cents(row.get_int(4));
  if (auto after = row.get_opt_int(5)) p.balance_after = Cents(*after);
  p.imported = row.get_bool(6);
  p.created_at_us = row.get_int(7);
  p.voided_at_us = row.get_opt_int(8);
  return p;
}

domain::OrderLine line_from_row(const Row& row) {
  return domain::OrderLine{row.get_int(0), row.get_int(1),        row.get_int(2),
                           row.get_int(3), Cents(row.get_int(4)), row.get_text(5)};
}

// "INSERT ... VALUES ($1, $2, $3, $4, $5), ($1, $6, $7, $8, $9), ..." for 1..kOrderLinesMax lines:
// a bounded set of texts, built once, so each is prepared once per connection.
const std::string& insert_lines_sql(std::size_t line_count) {
  static const auto kTexts = [] {
    std::array<std::string, limits::kOrderLinesMax + 1> texts;
    for (std::size_t n = 1; n < texts.size(); ++n) {
      std::string sql =
          "INSERT INTO order_lines (purchase_id, product_id, quantity, unit_price_cents, "
          "ledger_account) VALUES ";
      for (std::size_t i = 0; i < n; ++i) {
        std::size_t p = 2 + 4 * i;
        if (i > 0) sql += ", ";
        sql += "($1, $" + std::to_string(p) + ", $" + std::to_string(p + 1) + ", $" +
               std::to_string(p + 2) + ", $" + std::to_string(p + 3) + ")";
      }
      sql += " RETURNING id";
      texts[n] = std::move(sql);
    }
    return texts;
  }();
  MAMON_CHECK(line_count >= 1 && line_count < kTexts.size());
  return kTexts[line_count];
}

// Attaches `lines` (ordered by purchase id, id) to their purchases.
void attach_lines(std::vector<domain::Purchase>& purchases, const QueryResult& lines) {
  std::map<std::int64_t, domain::Purchase*> by_id;
  for (domain::Purchase& p : purchases) by_id[p.id] = &p;
  for (const Row& row : lines.rows) {
    domain::OrderLine line = line_from_row(row);
    auto it = by_id.find(line.purchase_id);
    if (it != by_id.end()) it->second->lines.push_back(line);
  }
}

}  // namespace

Result<domain::Purchase> insert_purchase(Transaction& tx, const NewPurchase& n) {
  MAMON_CHECK(!n.lines.empty() &&
              n.lines.size() <= static_cast<std::size_t>(limits::kOrderLinesMax));
  std::optional<std::int64_t> balance_after;
  if (n.balance_after) balance_after = n.balance_after->value();
  MAMON_TRY(std::int64_t id,
            rows::single_int(tx.query(
                "INSERT INTO purchases (seller_personnel_id, buyer_holder_id, method, total_cents, "
                "balance_after_cents, created_at_us) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                {n.seller_personnel_id, param_or_null(n.buyer_holder_id),
                 std::string(domain::payment_method_name(n.method)), n.total.value(),
                 param_or_null(balance_after), n.created_at_us})));

  std::vector<Param> params;
  params.reserve(1 + 4 * n.lines.size());
  params.emplace_back(id);
  for (const domain::PricedLine& line : n.lines) {
    params.emplace_back(line.product_id);
    params.emplace_back(line.quantity);
    params.emplace_back(line.unit_price.value());
    params.emplace_back(line.ledger_account);
  }
  MAMON_TRY(QueryResult inserted, tx.query(insert_lines_sql(n.lines.size()), params));
  MAMON_CHECK(inserted.rows.size() == n.lines.size());
  // Ids are handed out in VALUES order; RETURNING's row order is not promised, so sort.
  std::vector<std::int64_t> line_ids;
  for (const Row& row : inserted.rows) line_ids.push_back(row.get_int(0));
  std::sort(line_ids.begin(), line_ids.end());

  domain::Purchase p;
  p.id = id;
  p.seller_personnel_id = n.seller_personnel_id;
  p.buyer_holder_id = n.buyer_holder_id;
  p.method = n.method;
  p.total = n.total;
  p.balance_after = n.balance_after;
  p.created_at_us = n.created_at_us;
  for (std::size_t i = 0; i < n.lines.size(); ++i) {
    p.lines.push_back(domain::OrderLine{line_ids[i], id, n.lines[i].product_id, n.lines[i].quantity,
                                        n.lines[i].unit_price, n.lines[i].ledger_account});
  }
  return p;
}

Result<domain::Purchase> find_purchase(Transaction& tx, std::int64_t purchase_id) {
  MAMON_TRY(
      Row row,
      rows::single_row(
          tx.query("SELECT " MAMON_PURCHASE_COLUMNS " FROM purchases WHERE id = $1", {purchase_id}),
          make_error(ErrorCode::kNotFound,
                     "Purchase " + std::to_string(purchase_id) + " does not exist.")));
  domain::Purchase p = purchase_from_row(row);
  MAMON_TRY(QueryResult lines, tx.query("SELECT " MAMON_ORDER_LINE_COLUMNS
                                        " FROM order_lines WHERE purchase_id = $1 ORDER BY id",
                                        {purchase_id}));
  for (const Row& line : lines.rows) p.lines.push_back(line_from_row(line));
  return p;
}

Result<std::optional<std::int64_t>> newest_purchase_of_seller(Transaction& tx,
                                                              std::int64_t personnel_id) {
  MAMON_TRY(QueryResult result, tx.query("SELECT id FROM purchases WHERE seller_personnel_id = $1 "
                                         "ORDER BY created_at_us DESC, id DESC LIMIT 1",
                                         {personnel_id}));
  if (result.rows.empty()) return std::optional<std::int64_t>{};
  return std::optional<std::int64_t>{result.rows[0].get_int(0)};
}

namespace {

// list_purchases with any of the board's filters: one text for every combination.
Result<std::vector<domain::Purchase>> list_filtered_purchases(Transaction& tx,
                                                              const PurchaseQuery& q) {
  std::vector<Param> params = filter_params(q);
  params.emplace_back(q.limit);
  params.emplace_back(q.offset);
  MAMON_TRY(QueryResult head,
            tx.query("SELECT " MAMON_PURCHASE_COLUMNS " FROM purchases" MAMON_PURCHASE_FILTER
                     "ORDER BY created_at_us DESC, id DESC LIMIT $7 OFFSET $8",
                     params));
  std::vector<domain::Purchase> out;
  out.reserve(head.rows.size());
  for (const Row& row : head.rows) out.push_back(purchase_from_row(row));
  if (out.empty()) return out;
  MAMON_TRY(
      QueryResult lines,
      tx.query(
          "SELECT " MAMON_ORDER_LINE_COLUMNS
          " FROM order_lines WHERE purchase_id IN (SELECT id FROM purchases" MAMON_PURCHASE_FILTER
          "ORDER BY created_at_us DESC, id DESC LIMIT $7 OFFSET $8) "
          "ORDER BY purchase_id, id",
          params));
  attach_lines(out, lines);
  return out;
}

}  // namespace

Result<std::vector<domain::Purchase>> list_purchases(Transaction& tx, const PurchaseQuery& q) {
  if (q.has_board_filters()) return list_filtered_purchases(tx, q);
  Result<QueryResult> head =
      q.buyer_holder_id ? tx.query("SELECT " MAMON_PURCHASE_COLUMNS
                                   " FROM purchases WHERE buyer_holder_id = $1 "
                                   "ORDER BY created_at_us DESC, id DESC LIMIT $2 OFFSET $3",
                                   {*q.buyer_holder_id, q.limit, q.offset})
                        : tx.query("SELECT " MAMON_PURCHASE_COLUMNS
                                   " FROM purchases "
                                   "ORDER BY created_at_us DESC, id DESC LIMIT $1 OFFSET $2",
                                   {q.limit, q.offset});
  if (!head.ok()) return std::move(head).error();
  std::vector<domain::Purchase> out;
  out.reserve(head->rows.size());
  for (const Row& row : head->rows) out.push_back(purchase_from_row(row));
  if (out.empty()) return out;

  // The page's lines in one statement: the same filter and window as a subquery.
  Result<QueryResult> lines =
      q.buyer_holder_id ? tx.query("SELECT " MAMON_ORDER_LINE_COLUMNS
                                   " FROM order_lines WHERE purchase_id IN ("
                                   "SELECT id FROM purchases WHERE buyer_holder_id = $1 "
                                   "ORDER BY created_at_us DESC, id DESC LIMIT $2 OFFSET $3) "
                                   "ORDER BY purchase_id, id",
                                   {*q.buyer_holder_id, q.limit, q.offset})
                        : tx.query("SELECT " MAMON_ORDER_LINE_COLUMNS
                                   " FROM order_lines WHERE purchase_id IN ("
                                   "SELECT id FROM purchases ORDER BY created_at_us DESC, id DESC "
                                   "LIMIT $1 OFFSET $2) ORDER BY purchase_id, id",
                                   {q.limit, q.offset});
  if (!lines.ok()) return std::move(lines).error();
  attach_lines(out, *lines);
  return out;
}

Result<PurchaseTotals> sum_purchases(Transaction& tx, const PurchaseQuery& q) {
  MAMON_TRY(Row row,
            rows::single_row(
                tx.query("SELECT COUNT(*), "
                         "COALESCE(SUM(CASE WHEN voided_at_us IS NULL THEN total_cents END), 0), "
                         "COUNT(voided_at_us) FROM purchases" MAMON_PURCHASE_FILTER,
                         filter_params(q)),
                make_error(ErrorCode::kInternal, "no aggregate row")));
  return PurchaseTotals{row.get_int(0), Cents(row.get_int(1)), row.get_int(2)};
}

Result<std::int64_t> count_purchases(Transaction& tx, const PurchaseQuery& q) {
  if (q.has_board_filters()) {
    MAMON_TRY(PurchaseTotals totals, sum_purchases(tx, q));
    return totals.count;
  }
  if (q.buyer_holder_id) {
    return rows::single_int(tx.query("SELECT COUNT(*) FROM purchases WHERE buyer_holder_id = $1",
                                     {*q.buyer_holder_id}));
  }
  return rows::single_int(tx.query("SELECT COUNT(*) FROM purchases"));
}

Result<std::vector<std::pair<std::int64_t, std::int64_t>>> quantities_bought_by_holder(
    Transaction& tx, std::int64_t holder_id) {
  MAMON_TRY(QueryResult r,
            tx.query("SELECT ol.product_id, SUM(ol.quantity) FROM order_lines ol "
                     "JOIN purchases p ON p.id = ol.purchase_id WHERE p.buyer_holder_id = $1 "
                     "GROUP BY ol.product_id ORDER BY ol.product_id",
                     {holder_id}));
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  for (const Row& row : r.rows) out.emplace_back(row.get_int(0), row.get_int(1));
  return out;
}

}  // namespace mamon::storage
