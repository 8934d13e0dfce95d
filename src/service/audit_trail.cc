#include "service/audit_trail.h"

#include "storage/audit_repo.h"

namespace mamon::service {

Status record_change(storage::Transaction& tx, const domain::Caller& caller,
                     std::string_view action, std::string_view object_type,
                     std::string_view object_id, const nlohmann::json& detail, TimestampUs at_us) {
  storage::NewAuditEntry entry;
  if (caller.user_id > 0) entry.user_id = caller.user_id;
  entry.action = std::string(action);
  entry.object_type = std::string(object_type);
  entry.object_id = std::string(object_id);
  entry.detail = detail.dump();
  entry.created_at_us = at_us;
  return storage::insert_audit_entry(tx, entry);
}

Status record_change(storage::Transaction& tx, const domain::Caller& caller,
                     std::string_view action, std::string_view object_type, std::int64_t object_id,
                     const nlohmann::json& detail, TimestampUs at_us) {
  return record_change(tx, caller, action, object_type, std::to_string(object_id), detail, at_us);
}

}  // namespace mamon::service
