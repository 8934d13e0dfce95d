#include "storage/drawer_repo.h"

#include <string>

#include "domain/accounts.h"

namespace mamon::storage {

Result<DrawerAtCount> lock_drawer_for_count(Transaction& tx) {
  MAMON_TRY(QueryResult locked,
            tx.query("UPDATE accounts SET debits_cents = debits_cents WHERE name = $1 "
                     "RETURNING id, debits_cents - credits_cents",
                     {std::string(domain::kAccountCashDrawer)}));
  if (locked.rows.empty()) {
    return make_error(ErrorCode::kNotFound, "The cash_drawer account does not exist.");
  }
  DrawerAtCount out;
  out.account_id = locked.rows.front().get_int(0);
  out.balance = Cents(locked.rows.front().get_int(1));
  MAMON_TRY(QueryResult anchor,
            tx.query("SELECT COALESCE(MAX(id), 0) FROM ("
                     "  SELECT MAX(id) AS id FROM transfers WHERE debit_account_id = $1"
                     "  UNION ALL SELECT MAX(id) FROM transfers WHERE credit_account_id = $1) m",
                     {out.account_id}));
  out.anchor_transfer_id = anchor.rows.front().get_int(0);
  return out;
}

Result<std::vector<DrawerCountMismatch>> drawer_counts_mismatched(Transaction& tx) {
  MAMON_TRY(
      QueryResult r,
      tx.query(
          "WITH drawer AS (SELECT id FROM accounts WHERE name = $1), "
          "counts AS ("
          "  SELECT r.id, r.total_cash_cents, r.drawer_ledger_cents,"
          "    COALESCE((SELECT SUM(CASE WHEN t.debit_account_id = d.id THEN t.amount_cents"
          "                              ELSE -t.amount_cents END)"
          "              FROM transfers t, drawer d"
          "              WHERE t.id <= r.drawer_anchor_transfer_id"
          "                AND (t.debit_account_id = d.id OR t.credit_account_id = d.id)), 0)"
          "      AS recomputed,"
          "    COALESCE((SELECT SUM(CASE WHEN t.debit_account_id = d.id THEN t.amount_cents"
          "                              ELSE -t.amount_cents END)"
          "              FROM transfers t, drawer d"
          "              WHERE t.report_id = r.id AND t.kind = 'cash_difference'), 0) AS booked"
          "  FROM reports r WHERE r.drawer_anchor_transfer_id IS NOT NULL) "
          "SELECT id, total_cash_cents, drawer_ledger_cents, recomputed, booked FROM counts "
          "WHERE recomputed <> drawer_ledger_cents OR drawer_ledger_cents + booked <> "
          "total_cash_cents "
          "ORDER BY id",
          {std::string(domain::kAccountCashDrawer)}));
  std::vector<DrawerCountMismatch> out;
  for (const Row& row : r.rows) {
    out.push_back({row.get_int(0), row.get_int(1), row.get_int(2), row.get_int(3), row.get_int(4)});
  }
  return out;
}

}  // namespace mamon::storage
