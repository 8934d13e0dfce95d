#include "storage/member_repo.h"

#include <algorithm>
#include <map>

#include "base/check.h"
#include "storage/repo_rows.h"

// The timeline of holder $1 with wallet account $2 as one UNION: kind, id, created_at_us, amount,
// into_wallet, method, status, comment, balance_after_cents, paid_at_us. Kinds are the numbers of
// TimelineKind, so the order needs no collation (text order differs between the backends).
// A voided purchase has status 'voided'; its reversal (a transfer of kind 'void') carries the
// void's reason as its comment.
#define MAMON_TIMELINE_UNION                                                                      \
  "SELECT 1 AS kind, p.id AS id, p.created_at_us AS created_at_us, p.total_cents AS amount, "     \
  "0 AS into_wallet, p.method AS method, "                                                        \
  "CASE WHEN p.voided_at_us IS NULL THEN '' ELSE 'voided' END AS status, '' AS comment, "         \
  "p.balance_after_cents AS balance_after_cents, CAST(NULL AS BIGINT) AS paid_at_us "             \
  "FROM purchases p WHERE p.buyer_holder_id = $1 "                                                \
  "UNION ALL SELECT CASE WHEN w.refund THEN 3 ELSE 2 END, w.id, w.created_at_us, "                \
  "w.amount_cents, CASE WHEN w.refund THEN 0 ELSE 1 END, w.method, '', w.comment, NULL, NULL "    \
  "FROM wallet_upgrades w WHERE w.holder_id = $1 AND w.method <> 'mollie' "                       \
  "UNION ALL SELECT 4, m.id, m.created_at_us, m.amount_cents, 1, 'mollie', m.status, m.comment, " \
  "NULL, m.paid_at_us FROM mollie_payments m WHERE m.holder_id = $1 "                             \
  "UNION ALL SELECT 5, t.id, t.created_at_us, t.amount_cents, "                                   \
  "CASE WHEN t.credit_account_id = $2 THEN 1 ELSE 0 END, t.kind, '', "                            \
  "COALESCE((SELECT pv.void_reason FROM purchases pv WHERE pv.id = t.purchase_id), ''), "         \
  "NULL, NULL "                                                                                   \
  "FROM transfers t WHERE (t.debit_account_id = $2 OR t.credit_account_id = $2) "                 \
  "AND t.wallet_upgrade_id IS NULL AND (t.purchase_id IS NULL OR t.kind <> 'purchase') "

namespace mamon::storage {
namespace {

TimelineEntry entry_from_row(const Row& row) {
  TimelineEntry e;
  std::int64_t kind = row.get_int(0);
  MAMON_CHECK_MSG(kind >= 1 && kind <= 5, "the timeline query names kinds 1..5");
  e.kind = static_cast<TimelineKind>(kind);
  e.id = row.get_int(1);
  e.created_at_us = row.get_int(2);
  e.amount = Cents(row.get_int(3));
  e.into_wallet = row.get_int(4) != 0;
  e.method = row.get_text(5);
  e.status = row.get_text(6);
  e.comment = row.get_text(7);
  if (auto after = row.get_opt_int(8)) e.balance_after = Cents(*after);
  e.paid_at_us = row.get_opt_int(9);
  return e;
}

// The lines of the page's purchases: every line of the holder's purchases between the page's
// oldest and newest purchase (the purchases_buyer index), kept for the purchases on the page.
Status attach_timeline_lines(Transaction& tx, std::int64_t holder_id,
                             std::vector<TimelineEntry>& entries) {
  std::map<std::int64_t, TimelineEntry*> purchases;
  TimestampUs from_us = 0;
  TimestampUs to_us = 0;
  for (TimelineEntry& e : entries) {
    if (e.kind != TimelineKind::kPurchase) continue;
    if (purchases.empty()) {
      from_us = to_us = e.created_at_us;
    } else {
      from_us = std::min(from_us, e.created_at_us);
      to_us = std::max(to_us, e.created_at_us);
    }
    purchases[e.id] = &e;
  }
  if (purchases.empty()) return ok_status();
  MAMON_TRY(QueryResult lines,
            tx.query("SELECT ol.purchase_id, ol.product_id, pr.name, ol.quantity, "
                     "ol.unit_price_cents, ol.quantity * ol.unit_price_cents "
                     "FROM order_lines ol JOIN products pr ON pr.id = ol.product_id "
                     "WHERE ol.purchase_id IN (SELECT id FROM purchases WHERE buyer_holder_id = $1 "
                     "AND created_at_us >= $2 AND created_at_us <= $3) "
                     "ORDER BY ol.purchase_id, ol.id",
                     {holder_id, from_us, to_us}));
  for (const Row& row : lines.rows) {
    auto it = purchases.find(row.get_int(0));
    if (it == purchases.end()) continue;  // same instants, another page
    it->second->lines.push_back(TimelineLine{row.get_int(1), row.get_text(2), row.get_int(3),
                                             Cents(row.get_int(4)), Cents(row.get_int(5))});
  }
  return ok_status();
}

// SUM(CASE ...) per period over the padded edges $2 .. $(kSpendingPeriodsMax + 2): one text.
const std::string& spending_sql() {
  static const std::string kText = [] {
    std::string sql = "SELECT ";
    for (std::size_t i = 0; i < kSpendingPeriodsMax; ++i) {
      if (i > 0) sql += ", ";
      std::string from = "$" + std::to_string(i + 2);
      std::string to = "$" + std::to_string(i + 3);
      sql += "COALESCE(SUM(CASE WHEN created_at_us >= " + from + " AND created_at_us < " + to +
             " THEN total_cents ELSE 0 END), 0)";
    }
    sql +=
        " FROM purchases WHERE buyer_holder_id = $1 AND voided_at_us IS NULL"
        " AND created_at_us >= $2 AND created_at_us < $" +
        std::to_string(kSpendingPeriodsMax + 2);
    return sql;
  }();
  return kText;
}

}  // namespace

Result<std::vector<TimelineEntry>> list_timeline(Transaction& tx, std::int64_t holder_id,
                                                 std::int64_t wallet_account_id, std::int64_t limit,
                                                 std::int64_t offset) {
  MAMON_TRY(QueryResult r,
            tx.query(MAMON_TIMELINE_UNION "ORDER BY 3 DESC, 1, 2 DESC LIMIT $3 OFFSET $4",
                     {holder_id, wallet_account_id, limit, offset}));
  std::vector<TimelineEntry> out;
  out.reserve(r.rows.size());
  for (const Row& row : r.rows) out.push_back(entry_from_row(row));
  MAMON_RETURN_IF_ERROR(attach_timeline_lines(tx, holder_id, out));
  return out;
}

Result<std::int64_t> count_timeline(Transaction& tx, std::int64_t holder_id,
                                    std::int64_t wallet_account_id) {
  return rows::single_int(tx.query(
      "SELECT (SELECT COUNT(*) FROM purchases WHERE buyer_holder_id = $1) "
      "+ (SELECT COUNT(*) FROM wallet_upgrades WHERE holder_id = $1 AND method <> 'mollie') "
      "+ (SELECT COUNT(*) FROM mollie_payments WHERE holder_id = $1) "
      "+ (SELECT COUNT(*) FROM transfers t WHERE (t.debit_account_id = $2 OR "
      "t.credit_account_id = $2) AND t.wallet_upgrade_id IS NULL AND (t.purchase_id IS NULL OR "
      "t.kind <> 'purchase'))",
      {holder_id, wallet_account_id}));
}

Result<std::vector<Cents>> spending_per_period(Transaction& tx, std::int64_t holder_id,
                                               std::span<const TimestampUs> edges_us) {
  MAMON_CHECK(edges_us.size() >= 2 && edges_us.size() <= kSpendingPeriodsMax + 1);
  MAMON_CHECK(std::is_sorted(edges_us.begin(), edges_us.end()));
  const std::size_t periods = edges_us.size() - 1;
  std::vector<Param> params;
  params.reserve(kSpendingPeriodsMax + 2);
  params.emplace_back(holder_id);
  for (std::size_t i = 0; i <= kSpendingPeriodsMax; ++i) {
    params.emplace_back(edges_us[std::min(i, periods)]);  // padding: empty periods at the end
  }
  MAMON_TRY(Row row, rows::single_row(tx.query(spending_sql(), params),
                                      make_error(ErrorCode::kInternal, "no aggregate row")));
  std::vector<Cents> out;
  out.reserve(periods);
  for (std::size_t i = 0; i < periods; ++i) out.push_back(Cents(row.get_int(i)));
  return out;
}

}  // namespace mamon::storage
