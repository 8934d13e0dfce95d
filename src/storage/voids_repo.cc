#include "storage/voids_repo.h"

namespace mamon::storage {

Result<std::optional<PurchaseVoid>> find_purchase_void(Transaction& tx, std::int64_t purchase_id) {
  MAMON_TRY(QueryResult r,
            tx.query("SELECT voided_at_us, voided_by_user_id, void_reason FROM purchases "
                     "WHERE id = $1",
                     {purchase_id}));
  if (r.rows.empty()) {
    return make_error(ErrorCode::kNotFound,
                      "Purchase " + std::to_string(purchase_id) + " does not exist.");
  }
  const Row& row = r.rows.front();
  if (row.is_null(0)) return std::optional<PurchaseVoid>();
  PurchaseVoid out;
  out.purchase_id = purchase_id;
  out.voided_at_us = row.get_int(0);
  out.voided_by_user_id = row.get_opt_int(1);
  out.reason = row.get_opt_text(2).value_or("");
  return std::optional<PurchaseVoid>(std::move(out));
}

Status mark_purchase_voided(Transaction& tx, const PurchaseVoid& mark) {
  MAMON_TRY(QueryResult r,
            tx.query("UPDATE purchases SET voided_at_us = $1, voided_by_user_id = $2, "
                     "void_reason = $3 WHERE id = $4 AND voided_at_us IS NULL",
                     {mark.voided_at_us, param_or_null(mark.voided_by_user_id), mark.reason,
                      mark.purchase_id}));
  if (r.affected_rows != 1) {
    return make_error(ErrorCode::kConflict, "This purchase has been voided already.");
  }
  return ok_status();
}

Result<std::vector<VoidMismatch>> purchases_with_void_mismatch(Transaction& tx) {
  MAMON_TRY(
      QueryResult r,
      tx.query("SELECT id, voided, total_cents, void_count, void_cents, reversed FROM ("
               " SELECT p.id, CASE WHEN p.voided_at_us IS NULL THEN 0 ELSE 1 END AS voided,"
               "  p.total_cents,"
               "  (SELECT COUNT(*) FROM transfers v WHERE v.purchase_id = p.id AND v.kind = 'void')"
               "   AS void_count,"
               "  COALESCE((SELECT SUM(v.amount_cents) FROM transfers v"
               "            WHERE v.purchase_id = p.id AND v.kind = 'void'), 0) AS void_cents,"
               "  CASE WHEN NOT EXISTS (SELECT 1 FROM transfers v"
               "                        WHERE v.purchase_id = p.id AND v.kind = 'void')"
               "   OR EXISTS (SELECT 1 FROM transfers v JOIN transfers s"
               "              ON s.purchase_id = v.purchase_id AND s.kind <> 'void'"
               "              WHERE v.purchase_id = p.id AND v.kind = 'void'"
               "              AND v.debit_account_id = s.credit_account_id"
               "              AND v.credit_account_id = s.debit_account_id)"
               "   THEN 1 ELSE 0 END AS reversed"
               " FROM purchases p) x "
               "WHERE (voided = 0 AND void_count <> 0)"
               " OR (voided = 1 AND total_cents = 0 AND void_count <> 0)"
               " OR (voided = 1 AND total_cents > 0"
               "     AND (void_count <> 1 OR void_cents <> total_cents OR reversed = 0)) "
               "ORDER BY id"));
  std::vector<VoidMismatch> out;
  for (const Row& row : r.rows) {
    out.push_back({row.get_int(0), row.get_int(1) == 1, row.get_int(2), row.get_int(3),
                   row.get_int(4), row.get_int(5) == 1});
  }
  return out;
}

}  // namespace mamon::storage
