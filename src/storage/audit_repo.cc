#include "storage/audit_repo.h"

namespace mamon::storage {

Status insert_audit_entry(Transaction& tx, const NewAuditEntry& entry) {
  MAMON_RETURN_IF_ERROR(tx.query(
      "INSERT INTO audit_log (user_id, action, object_type, object_id, detail, created_at_us) "
      "VALUES ($1, $2, $3, $4, $5, $6)",
      {param_or_null(entry.user_id), entry.action, entry.object_type, entry.object_id, entry.detail,
       entry.created_at_us}));
  return ok_status();
}

}  // namespace mamon::storage
