#include "storage/idempotency_repo.h"

#include "storage/repo_rows.h"

namespace mamon::storage {

Result<std::optional<IdempotencyRecord>> find_idempotency_key(Transaction& tx, std::int64_t user_id,
                                                              std::string_view key) {
  MAMON_TRY(std::optional<Row> row,
            rows::optional_row(tx.query("SELECT user_id, idem_key, request_hash, result_kind, "
                                        "result_id, created_at_us FROM idempotency_keys "
                                        "WHERE user_id = $1 AND idem_key = $2",
                                        {user_id, std::string(key)})));
  if (!row) return std::optional<IdempotencyRecord>();
  return std::optional<IdempotencyRecord>(IdempotencyRecord{row->get_int(0), row->get_text(1),
                                                            row->get_text(2), row->get_text(3),
                                                            row->get_int(4), row->get_int(5)});
}

Status insert_idempotency_key(Transaction& tx, const IdempotencyRecord& r) {
  MAMON_RETURN_IF_ERROR(tx.query(
      "INSERT INTO idempotency_keys (user_id, idem_key, request_hash, result_kind, result_id, "
      "created_at_us) VALUES ($1, $2, $3, $4, $5, $6)",
      {r.user_id, r.key, r.request_hash, r.result_kind, r.result_id, r.created_at_us}));
  return ok_status();
}

}  // namespace mamon::storage
