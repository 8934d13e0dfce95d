#include "storage/table_counts.h"

#include "storage/repo_rows.h"

namespace mamon::storage {

Result<TableCounts> count_tables(Transaction& tx) {
  MAMON_TRY(Row row, rows::single_row(tx.query("SELECT (SELECT COUNT(*) FROM users), "
                                               "(SELECT COUNT(*) FROM holders), "
                                               "(SELECT COUNT(*) FROM accounts), "
                                               "(SELECT COUNT(*) FROM purchases), "
                                               "(SELECT COUNT(*) FROM order_lines), "
                                               "(SELECT COUNT(*) FROM transfers), "
                                               "(SELECT COUNT(*) FROM wallet_upgrades), "
                                               "(SELECT COUNT(*) FROM reports), "
                                               "(SELECT COUNT(*) FROM bar_cycles), "
                                               "(SELECT COUNT(*) FROM cards), "
                                               "(SELECT COUNT(*) FROM idempotency_keys), "
                                               "(SELECT COUNT(*) FROM mollie_payments)"),
                                      make_error(ErrorCode::kInternal, "no counts row")));
  TableCounts c;
  c.users = row.get_int(0);
  c.holders = row.get_int(1);
  c.accounts = row.get_int(2);
  c.purchases = row.get_int(3);
  c.order_lines = row.get_int(4);
  c.transfers = row.get_int(5);
  c.wallet_upgrades = row.get_int(6);
  c.reports = row.get_int(7);
  c.bar_cycles = row.get_int(8);
  c.cards = row.get_int(9);
  c.idempotency_keys = row.get_int(10);
  c.mollie_payments = row.get_int(11);
  return c;
}

}  // namespace mamon::storage
