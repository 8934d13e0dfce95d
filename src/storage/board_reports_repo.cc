#include "storage/board_reports_repo.h"

#include <array>

#include "base/check.h"
#include "storage/repo_rows.h"

namespace mamon::storage {
namespace {

// The wallet side of a transfer, for the liability and the movements: debit and credit accounts
// joined as da / ca.
#define MAMON_INTO_WALLETS "CASE WHEN ca.kind = 'wallet' THEN t.amount_cents ELSE 0 END"
#define MAMON_OUT_OF_WALLETS "CASE WHEN da.kind = 'wallet' THEN t.amount_cents ELSE 0 END"

// Bucket texts: the edges travel as parameters in a VALUES list. Bucket counts are padded to a
// power of two with empty buckets ([0, 0) matches nothing), so at most 11 texts per query exist
// and each is prepared once per connection (database.h keys its statement cache by the text).
constexpr std::size_t kTextCount = 11;  // 1, 2, 4, ..., 1024 = kBucketsMax
static_assert(std::size_t{1} << (kTextCount - 1) == kBucketsMax);

std::size_t padded_count(std::size_t n) {
  std::size_t padded = 1;
  while (padded < n) padded *= 2;
  return padded;
}

std::size_t text_index(std::size_t padded) {
  std::size_t index = 0;
  while ((std::size_t{1} << index) < padded) ++index;
  return index;
}

// Every bucket query names the buckets first in a CROSS JOIN: SQLite keeps that join order, so
// each bucket is one range search of purchases_created (the other order compares every purchase
// with every bucket: seconds for a grid of 335 days over 100,000 purchases).
// "WITH buckets(idx, start_us, end_us) AS (VALUES (0, CAST($k AS BIGINT), ...), ...)" with the
// edges' parameters from $first on. The CASTs give PostgreSQL the parameters' type.
std::string buckets_cte(std::size_t count, std::size_t first) {
  std::string sql = "WITH buckets(idx, start_us, end_us) AS (VALUES ";
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) sql += ", ";
    const std::size_t p = first + 2 * i;
    sql += "(" + std::to_string(i) + ", CAST($" + std::to_string(p) + " AS BIGINT), CAST($" +
           std::to_string(p + 1) + " AS BIGINT))";
  }
  return sql + ") ";
}

// $1, $2: the whole span (so the index on purchases.created_at_us bounds the scan); $3: category
// or NULL; $4: product or NULL; the buckets from $5.
const std::string& line_buckets_sql(std::size_t padded) {
  static const auto kTexts = [] {
    std::array<std::string, kTextCount> texts;
    for (std::size_t i = 0; i < kTextCount; ++i) {
      texts[i] = buckets_cte(std::size_t{1} << i, 5) +
                 "SELECT ol.product_id, pr.name, b.idx, SUM(ol.quantity), "
                 "SUM(ol.quantity * ol.unit_price_cents) "
                 "FROM buckets b CROSS JOIN purchases p "
                 "JOIN order_lines ol ON ol.purchase_id = p.id "
                 "JOIN products pr ON pr.id = ol.product_id "
                 "WHERE p.created_at_us >= b.start_us AND p.created_at_us < b.end_us "
                 "AND p.created_at_us >= $1 AND p.created_at_us < $2 AND p.voided_at_us IS NULL "
                 "AND (CAST($3 AS BIGINT) IS NULL OR ol.product_id IN (SELECT cp.product_id "
                 "FROM category_products cp WHERE cp.category_id = CAST($3 AS BIGINT))) "
                 "AND (CAST($4 AS BIGINT) IS NULL OR ol.product_id = CAST($4 AS BIGINT)) "
                 "GROUP BY ol.product_id, pr.name, b.idx "
                 "ORDER BY pr.name, ol.product_id, b.idx";
    }
    return texts;
  }();
  return kTexts[text_index(padded)];
}

// $1, $2: the whole span; the buckets from $3.
const std::string& purchase_buckets_sql(std::size_t padded) {
  static const auto kTexts = [] {
    std::array<std::string, kTextCount> texts;
    for (std::size_t i = 0; i < kTextCount; ++i) {
      texts[i] = buckets_cte(std::size_t{1} << i, 3) +
                 "SELECT b.idx, p.method, COUNT(*), SUM(p.total_cents) "
                 "FROM buckets b CROSS JOIN purchases p "
                 "WHERE p.created_at_us >= b.start_us AND p.created_at_us < b.end_us "
                 "AND p.created_at_us >= $1 AND p.created_at_us < $2 AND p.voided_at_us IS NULL "
                 "GROUP BY b.idx, p.method ORDER BY b.idx, p.method";
    }
    return texts;
  }();
  return kTexts[text_index(padded)];
}

// The edges' parameters, padded with empty buckets to `padded`.
void append_bucket_params(std::vector<Param>& params, std::span<const TimestampUs> edges,
                          std::size_t padded) {
  for (std::size_t i = 0; i < padded; ++i) {
    if (i + 1 < edges.size()) {
      params.emplace_back(edges[i]);
      params.emplace_back(edges[i + 1]);
    } else {
      params.emplace_back(std::int64_t{0});
      params.emplace_back(std::int64_t{0});
    }
  }
}

void check_edges(std::span<const TimestampUs> edges) {
  MAMON_CHECK(edges.size() >= 2 && edges.size() - 1 <= kBucketsMax);
  for (std::size_t i = 1; i < edges.size(); ++i) MAMON_CHECK(edges[i - 1] < edges[i]);
}

std::size_t bucket_of(const Row& row, std::size_t i, std::size_t count) {
  const std::int64_t bucket = row.get_int(i);
  MAMON_CHECK(bucket >= 0 && static_cast<std::size_t>(bucket) < count);
  return static_cast<std::size_t>(bucket);
}

}  // namespace

Result<std::vector<SalesCell>> sales_by_buyer_and_method(Transaction& tx, TimeRange range,
                                                         std::string_view visitors_group) {
  // buyer: 0 member, 1 visitor, 2 anonymous.
  MAMON_TRY(
      QueryResult r,
      tx.query("SELECT CASE WHEN p.buyer_holder_id IS NULL OR u.is_system THEN 2 "
               "WHEN EXISTS (SELECT 1 FROM user_groups ug JOIN groups g ON g.id = "
               "ug.group_id WHERE ug.user_id = u.id AND g.name = $3) THEN 1 ELSE 0 END "
               "AS buyer, p.method, COUNT(*), SUM(p.total_cents) "
               "FROM purchases p LEFT JOIN holders h ON h.id = p.buyer_holder_id "
               "LEFT JOIN users u ON u.id = h.user_id "
               "WHERE p.created_at_us >= $1 AND p.created_at_us < $2 AND p.voided_at_us IS NULL "
               "GROUP BY buyer, p.method ORDER BY buyer, p.method",
               {range.start_us, range.end_us, std::string(visitors_group)}));
  std::vector<SalesCell> out;
  for (const Row& row : r.rows) {
    const std::int64_t buyer = row.get_int(0);
    MAMON_CHECK(buyer >= 0 && buyer <= 2);
    out.push_back(SalesCell{buyer == 0   ? BuyerKind::kMember
                            : buyer == 1 ? BuyerKind::kVisitor
                                         : BuyerKind::kAnonymous,
                            rows::payment_method_from_row(row, 1), row.get_int(2),
                            Cents(row.get_int(3))});
  }
  return out;
}

Result<std::vector<LineSalesCell>> sales_by_ledger_account(Transaction& tx, TimeRange range) {
  MAMON_TRY(
      QueryResult r,
      tx.query("SELECT ol.ledger_account, p.method, SUM(ol.quantity), "
               "SUM(ol.quantity * ol.unit_price_cents) "
               "FROM purchases p JOIN order_lines ol ON ol.purchase_id = p.id "
               "WHERE p.created_at_us >= $1 AND p.created_at_us < $2 AND p.voided_at_us IS NULL "
               "GROUP BY ol.ledger_account, p.method ORDER BY ol.ledger_account, p.method",
               {range.start_us, range.end_us}));
  std::vector<LineSalesCell> out;
  for (const Row& row : r.rows) {
    out.push_back(LineSalesCell{row.get_text(0), std::nullopt,
                                rows::payment_method_from_row(row, 1), row.get_int(2),
                                Cents(row.get_int(3))});
  }
  return out;
}

Result<std::vector<LineSalesCell>> sales_by_category(Transaction& tx, TimeRange range) {
  MAMON_TRY(
      QueryResult r,
      // The lines are summed per product and method first, then that small table meets
      // the categories: a line is not joined once per category it is in.
      tx.query("SELECT c.id, c.name, x.method, SUM(x.quantity), SUM(x.revenue) "
               "FROM (SELECT ol.product_id, p.method, SUM(ol.quantity) AS quantity, "
               "SUM(ol.quantity * ol.unit_price_cents) AS revenue "
               "FROM purchases p JOIN order_lines ol ON ol.purchase_id = p.id "
               "WHERE p.created_at_us >= $1 AND p.created_at_us < $2 AND p.voided_at_us IS NULL "
               "GROUP BY ol.product_id, p.method) x "
               "LEFT JOIN category_products cp ON cp.product_id = x.product_id "
               "LEFT JOIN categories c ON c.id = cp.category_id "
               "GROUP BY c.id, c.name, x.method "
               "ORDER BY c.id IS NULL, c.name, c.id, x.method",
               {range.start_us, range.end_us}));
  std::vector<LineSalesCell> out;
  for (const Row& row : r.rows) {
    out.push_back(LineSalesCell{row.get_opt_text(1).value_or(""), row.get_opt_int(0),
                                rows::payment_method_from_row(row, 2), row.get_int(3),
                                Cents(row.get_int(4))});
  }
  return out;
}

Result<std::vector<UpgradeCell>> upgrades_by_method(Transaction& tx, TimeRange range) {
  MAMON_TRY(QueryResult r,
            tx.query("SELECT method, refund, COUNT(*), SUM(amount_cents) FROM wallet_upgrades "
                     "WHERE created_at_us >= $1 AND created_at_us < $2 "
                     "GROUP BY method, refund ORDER BY method, refund",
                     {range.start_us, range.end_us}));
  std::vector<UpgradeCell> out;
  for (const Row& row : r.rows) {
    auto method = domain::parse_upgrade_method(row.get_text(0));
    MAMON_CHECK_MSG(method.ok(), "the schema allows only known upgrade methods");
    out.push_back(UpgradeCell{*method, row.get_bool(1), row.get_int(2), Cents(row.get_int(3))});
  }
  return out;
}

Result<Cents> wallet_liability_before(Transaction& tx, TimestampUs at_us) {
  MAMON_TRY(std::int64_t cents,
            rows::single_int(tx.query(
                "SELECT COALESCE(SUM(" MAMON_INTO_WALLETS "), 0) - "
                "COALESCE(SUM(" MAMON_OUT_OF_WALLETS "), 0) FROM transfers t "
                "JOIN accounts da ON da.id = t.debit_account_id "
                "JOIN accounts ca ON ca.id = t.credit_account_id "
                "WHERE t.created_at_us < $1 AND (da.kind = 'wallet' OR ca.kind = 'wallet')",
                {at_us})));
  return Cents(cents);
}

Result<std::vector<WalletMovementCell>> wallet_movements(Transaction& tx, TimeRange range) {
  MAMON_TRY(QueryResult r,
            tx.query("SELECT t.kind, CASE WHEN da.kind = 'wallet' AND ca.kind = 'wallet' THEN "
                     "'wallet' WHEN ca.kind = 'wallet' THEN da.name ELSE ca.name END AS counter, "
                     "COUNT(*), SUM(" MAMON_INTO_WALLETS "), SUM(" MAMON_OUT_OF_WALLETS ") "
                     "FROM transfers t "
                     "JOIN accounts da ON da.id = t.debit_account_id "
                     "JOIN accounts ca ON ca.id = t.credit_account_id "
                     "WHERE t.created_at_us >= $1 AND t.created_at_us < $2 "
                     "AND (da.kind = 'wallet' OR ca.kind = 'wallet') "
                     "GROUP BY t.kind, counter ORDER BY t.kind, counter",
                     {range.start_us, range.end_us}));
  std::vector<WalletMovementCell> out;
  for (const Row& row : r.rows) {
    out.push_back(WalletMovementCell{row.get_text(0), row.get_text(1), row.get_int(2),
                                     Cents(row.get_int(3)), Cents(row.get_int(4))});
  }
  return out;
}

Result<std::vector<ProductBucketCell>> line_sales_by_bucket(Transaction& tx,
                                                            std::span<const TimestampUs> edges,
                                                            const LineFilter& filter) {
  check_edges(edges);
  const std::size_t count = edges.size() - 1;
  const std::size_t padded = padded_count(count);
  std::vector<Param> params{edges.front(), edges.back(), param_or_null(filter.category_id),
                            param_or_null(filter.product_id)};
  append_bucket_params(params, edges, padded);
  MAMON_TRY(QueryResult r, tx.query(line_buckets_sql(padded), params));
  std::vector<ProductBucketCell> out;
  out.reserve(r.rows.size());
  for (const Row& row : r.rows) {
    out.push_back(ProductBucketCell{row.get_int(0), row.get_text(1), bucket_of(row, 2, count),
                                    row.get_int(3), Cents(row.get_int(4))});
  }
  return out;
}

Result<std::vector<PurchaseBucketCell>> purchases_by_bucket(Transaction& tx,
                                                            std::span<const TimestampUs> edges) {
  check_edges(edges);
  const std::size_t count = edges.size() - 1;
  const std::size_t padded = padded_count(count);
  std::vector<Param> params{edges.front(), edges.back()};
  append_bucket_params(params, edges, padded);
  MAMON_TRY(QueryResult r, tx.query(purchase_buckets_sql(padded), params));
  std::vector<PurchaseBucketCell> out;
  for (const Row& row : r.rows) {
    out.push_back(PurchaseBucketCell{bucket_of(row, 0, count),
                                     rows::payment_method_from_row(row, 1), row.get_int(2),
                                     Cents(row.get_int(3))});
  }
  return out;
}

}  // namespace mamon::storage
