// The audit log (WEB.md §1 "Audit"): who changed what, when, before -> after. A service writes its
// entry inside the transaction of the change it records, so both commit or neither does. The
// import writes the old system's history through import_repo.h instead.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/result.h"
#include "storage/database.h"

namespace mamon::storage {

struct NewAuditEntry {
  std::optional<std::int64_t> user_id;  // who; none for the system
  std::string action;                   // e.g. "grant_permission"
  std::string object_type;              // e.g. "role"
  std::string object_id;                // e.g. "3", "personnel"
  std::string detail;                   // JSON: what changed, before and after
  TimestampUs created_at_us = 0;
};

// Appends one entry inside `tx`.
Status insert_audit_entry(Transaction& tx, const NewAuditEntry& entry);

}  // namespace mamon::storage
