#include "storage/ping.h"

namespace mamon::storage {

Status ping(Database& database) {
  MAMON_TRY(std::unique_ptr<Transaction> tx, database.begin(TxMode::kRead));
  MAMON_TRY(QueryResult result, tx->query("SELECT 1"));
  if (result.rows.size() != 1) {
    return make_error(ErrorCode::kInternal, "SELECT 1 returned no row");
  }
  return ok_status();
}

}  // namespace mamon::storage
