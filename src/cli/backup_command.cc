// `mamon backup FILE`: a consistent copy of the SQLite database while the server runs
// (storage/sqlite_backup.h); PostgreSQL is backed up with pg_dump, which the refusal names.
#include <iostream>

#include "cli/command_support.h"
#include "cli/commands.h"
#include "storage/database.h"
#include "storage/sqlite_backup.h"

namespace mamon::cli {

int run_backup(const BackupOptions& options) {
  auto config = load_config();
  if (!config) return fail(config.error());
  auto url = storage::parse_database_url(config->database_url);
  if (!url) return fail(url.error());
  if (url->backend == storage::Backend::kPostgres) {
    return fail(
        "backup: DATABASE_URL is PostgreSQL; back it up with `pg_dump --format=custom "
        "--file=" +
        options.file + " \"$DATABASE_URL\"` (docs/operations.md \"Backups\")");
  }
  if (url->sqlite_path == ":memory:") return fail("backup: an in-memory database has no file");
  if (Status done = storage::backup_sqlite_database(url->sqlite_path, options.file); !done.ok()) {
    return fail("backup: " + done.error().message);
  }
  auto facts = storage::inspect_sqlite_backup(options.file);
  if (!facts) return fail("backup: the copy does not read back: " + facts.error().message);
  std::cout << "backup: " << options.file << " (schema version " << facts->schema_version << ")"
            << std::endl;
  return kExitOk;
}

}  // namespace mamon::cli
