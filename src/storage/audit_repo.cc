#include "storage/audit_repo.h"

namespace mamon::storage {

Status insert_audit_entry(Transaction& tx, const AuditEntry& e) {
  Param user = nullptr;
  if (e.user_id) user = *e.user_id;
  MAMON_TRY(QueryResult inserted,
            tx.query("INSERT INTO audit_log (user_id, action, object_type, object_id, detail, "
                     "created_at_us) VALUES ($1, $2, $3, $4, $5, $6)",
                     {user, e.action, e.object_type, e.object_id, e.detail, e.created_at_us}));
  (void)inserted;
  return ok_status();
}

}  // namespace mamon::storage
