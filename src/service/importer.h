// `mamon loaddata FILE...`: imports Django `dumpdata` JSON of the old system, all or nothing.
//
// Steps: read and parse every file (service/import/dump_parser.h), then in ONE write transaction:
// storage::ensure_system_rows; move the system users out of the way of the dump's ids while
// nothing refers to them (storage::remove_unreferenced_system_users); plan the rows with every
// cross-check and repair rule (service/import/import_plan.h); insert them keeping the old primary
// keys (storage/import_repo.h); storage::reset_id_sequences; ensure_system_rows again (re-creates
// the system users above the imported ids, or adopts the dump's own "Cash"/"Pin"); commit. Any
// error rolls everything back: nothing is ever half imported. The ledger check
// (service::check_ledger) is the caller's next step, after the commit (the CLI fails the command on
// any violation).
//
// Errors: kMalformedRecord naming the file and record index (and the reason) for a record that
// cannot be interpreted; kInvalidInput for an unreadable or oversized file; the database's own
// codes (kConflict for ids/usernames already present, e.g. importing the same dump twice;
// kUnavailable, ...) with what was being written in the message.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "base/clock.h"
#include "service/import/import_plan.h"
#include "storage/database.h"

namespace mamon::service {

// One dump file's name (as shown in messages) and its text.
struct ImportSource {
  std::string name;
  std::string text;
};

struct ImportSummary {
  std::size_t records_read = 0;
  import::PlanCounts counts;
  std::map<std::string, std::int64_t> skipped_by_label;
  std::int64_t amounts_rounded = 0;
  bool system_users_moved = false;  // see storage::remove_unreferenced_system_users
  std::vector<std::string> warnings;
};

// Reads the files (each at most limits::kImportFileBytesMax). Error kInvalidInput naming the
// file that cannot be read.
Result<std::vector<ImportSource>> read_import_files(std::span<const std::string> paths);

// Imports the sources as one dump (references may cross files) in one transaction.
Result<ImportSummary> import_dump(storage::Database& db, std::span<const ImportSource> sources,
                                  const Clock& clock);

// The multi-line summary `mamon loaddata` prints: counts per model, skipped records per label,
// the repair counts and every warning.
std::string format_import_summary(const ImportSummary& summary);

// True if the database already holds users (other than the system ones) or products; used by
// `loaddata --if-empty` to load starter data only into a fresh database.
Result<bool> database_has_data(storage::Database& db);

}  // namespace mamon::service
