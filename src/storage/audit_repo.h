// The audit log (0001_initial's audit_log): who changed what, when, before → after (WEB.md §1
// "Audit"). Written in the same transaction as the change it records. SQL only here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/result.h"
#include "storage/database.h"

namespace mamon::storage {

struct AuditEntry {
  std::optional<std::int64_t> user_id;  // who; none for the system
  std::string action;                   // e.g. "password_changed"
  std::string object_type;              // e.g. "user"
  std::string object_id;                // e.g. "42"
  std::string detail;                   // before → after, as readable text or JSON; no secrets
  TimestampUs created_at_us = 0;
};

Status insert_audit_entry(Transaction& tx, const AuditEntry& entry);

}  // namespace mamon::storage
