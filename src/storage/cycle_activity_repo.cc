#include "storage/cycle_activity_repo.h"

#include "storage/repo_rows.h"

namespace mamon::storage {

Result<std::vector<domain::Personnel>> sellers_between(Transaction& tx, TimestampUs from_us,
                                                       TimestampUs to_us) {
  MAMON_TRY(QueryResult r,
            tx.query("SELECT " MAMON_PERSONNEL_COLUMNS " FROM personnel p WHERE p.id IN "
                     "(SELECT seller_personnel_id FROM purchases "
                     "WHERE created_at_us >= $1 AND created_at_us <= $2) ORDER BY p.nickname, p.id",
                     {from_us, to_us}));
  std::vector<domain::Personnel> out;
  for (const Row& row : r.rows) out.push_back(rows::personnel_from_row(row, 0));
  return out;
}

Result<std::vector<VoidedSale>> voided_sales_between(Transaction& tx, TimestampUs from_us,
                                                     TimestampUs to_us) {
  MAMON_TRY(QueryResult r,
            tx.query("SELECT id, seller_personnel_id, method, total_cents, created_at_us, "
                     "voided_at_us, COALESCE(void_reason, '') FROM purchases "
                     "WHERE created_at_us >= $1 AND created_at_us <= $2 "
                     "AND voided_at_us IS NOT NULL ORDER BY created_at_us, id",
                     {from_us, to_us}));
  std::vector<VoidedSale> out;
  for (const Row& row : r.rows) {
    VoidedSale v;
    v.purchase_id = row.get_int(0);
    v.seller_personnel_id = row.get_int(1);
    v.method = rows::payment_method_from_row(row, 2);
    v.total = Cents(row.get_int(3));
    v.sold_at_us = row.get_int(4);
    v.voided_at_us = row.get_int(5);
    v.reason = row.get_text(6);
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace mamon::storage
