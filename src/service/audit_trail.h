// The one way a use case records its change in the audit log (WEB.md §1 "Audit",
// storage/audit_repo.h): inside the transaction of the change, so both commit or neither does.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"
#include "domain/permissions.h"
#include "storage/database.h"

namespace mamon::service {

// Appends the entry "`caller` did `action` to `object_type` `object_id` at `at_us`", with
// `detail` (what changed, before -> after) stored as JSON text. A caller without a user
// (user_id <= 0: the CLI, the system) records no user. Errors: database errors.
Status record_change(storage::Transaction& tx, const domain::Caller& caller,
                     std::string_view action, std::string_view object_type,
                     std::string_view object_id, const nlohmann::json& detail, TimestampUs at_us);
Status record_change(storage::Transaction& tx, const domain::Caller& caller,
                     std::string_view action, std::string_view object_type, std::int64_t object_id,
                     const nlohmann::json& detail, TimestampUs at_us);

}  // namespace mamon::service
