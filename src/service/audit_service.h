// Reading the audit log (issue 9 item 8; WEB.md §2 "Audit log"): the page /manage/audit/ and its
// CSV/XLSX export. Who may read it: view_audit_log (Bestuur, Kascommissie, superusers). Writing
// is each use case's own (storage/audit_repo.h insert_audit_entry, in the change's transaction).
// Each call is one read transaction. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "domain/permissions.h"
#include "service/pages.h"
#include "storage/audit_repo.h"
#include "storage/database.h"

namespace mamon::service {

struct AuditFilter {
  std::optional<std::int64_t> user_id;
  std::string action;       // "" = any
  std::string object_type;  // "" = any
  std::string object_id;    // "" = any
  TimestampUs from_us = 0;  // [from_us, to_us)
  TimestampUs to_us = 0;
};

// One changed field of an entry's detail, as the page shows "before → after". Values are
// compact JSON text for numbers, booleans, arrays and objects; strings as they are; null and ""
// both "—" (so a creation does not list its empty fields).
struct AuditChange {
  std::string field;  // "" when the whole value changed (a detail that is no object)
  std::string before;
  std::string after;
};

// An entry's detail made readable. A JSON object {"before": B, "after": A} gives one change per
// key of B or A whose shown value differs (all of A's non-empty keys when B is null: a creation;
// all of B's when A is null: a removal), in key order; the other keys of the object become `facts`
// ("role: Bestuur"). Any other JSON object is all facts; text that is no JSON is one fact.
struct AuditDetailView {
  std::vector<AuditChange> changes;
  std::vector<std::string> facts;  // "key: value" or the plain text
};
AuditDetailView describe_audit_detail(std::string_view detail);

struct AuditList {
  Page<storage::AuditEntry> page;
};

// Checks, in order: view_audit_log (kPermissionDenied); the range (to_us >= from_us, else
// kInvalidInput field "end"); the page request (kInvalidInput). Newest first.
Result<AuditList> list_audit_log(storage::Database& db, const domain::Caller& caller,
                                 const AuditFilter& filter, const PageRequest& page);

// Exactly the filtered entries, all at once, newest first, for the exports. Errors as
// list_audit_log, and kInvalidInput (field "start") when more than limits::kExportRowsMax match.
Result<std::vector<storage::AuditEntry>> export_audit_log(storage::Database& db,
                                                          const domain::Caller& caller,
                                                          const AuditFilter& filter);

// The filter's choices: the actions and object types in the log. view_audit_log as above.
struct AuditChoices {
  std::vector<std::string> actions;
  std::vector<std::string> object_types;
};
Result<AuditChoices> audit_filter_choices(storage::Database& db, const domain::Caller& caller);

}  // namespace mamon::service
