// The audit log (WEB.md §1 "Audit"): who changed what, when, before -> after. A service writes its
// entry inside the transaction of the change it records, so both commit or neither does. The
// import writes the old system's history through import_repo.h instead.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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

// --- reading the log (the page /manage/audit/, service/audit_service.h) -------------------------

struct AuditEntry {
  std::int64_t id = 0;
  std::optional<std::int64_t> user_id;
  std::string username;   // "" when the entry has no user (the system) or the user is gone
  std::string user_name;  // the user's display name, as domain::User::display_name()
  std::string action;
  std::string object_type;
  std::string object_id;
  std::string detail;
  TimestampUs created_at_us = 0;
};

// Which entries: every given criterion must hold. Times are [from_us, to_us).
struct AuditQuery {
  std::optional<std::int64_t> user_id;
  std::string action;       // "" = any; else exactly
  std::string object_type;  // "" = any; else exactly
  std::string object_id;    // "" = any; else exactly (with or without object_type)
  TimestampUs from_us = 0;
  TimestampUs to_us = 0;
  std::int64_t limit = 50;
  std::int64_t offset = 0;
};

// Newest first (then by id, descending), `limit` from `offset`.
Result<std::vector<AuditEntry>> list_audit_entries(Transaction& tx, const AuditQuery& query);
// How many entries the query matches (limit and offset ignored).
Result<std::int64_t> count_audit_entries(Transaction& tx, const AuditQuery& query);

// The distinct actions and object types in the log, sorted (the filter's choices).
Result<std::vector<std::string>> list_audit_actions(Transaction& tx);
Result<std::vector<std::string>> list_audit_object_types(Transaction& tx);

}  // namespace mamon::storage
