// `mamon restore FILE`: a `mamon backup` file into the configured SQLite database, which must not
// exist yet or be empty; then `mamon migrate` and `mamon check`. PostgreSQL is restored with
// pg_restore, which the refusal names.
#include <iostream>

#include "cli/command_support.h"
#include "cli/commands.h"
#include "storage/database.h"
#include "storage/migrations.h"
#include "storage/sqlite_backup.h"

namespace mamon::cli {

int run_restore(const RestoreOptions& options) {
  auto config = load_config();
  if (!config) return fail(config.error());
  auto url = storage::parse_database_url(config->database_url);
  if (!url) return fail(url.error());
  if (url->backend == storage::Backend::kPostgres) {
    return fail(
        "restore: DATABASE_URL is PostgreSQL; restore a pg_dump file into an empty database with "
        "`pg_restore --no-owner --dbname=\"$DATABASE_URL\" " +
        options.file + "`, then run `mamon migrate` and `mamon check`");
  }
  if (url->sqlite_path == ":memory:") return fail("restore: an in-memory database has no file");

  // Every check before anything is written.
  auto facts = storage::inspect_sqlite_backup(options.file);
  if (!facts) return fail("restore: " + facts.error().message);
  const int binary_version = storage::sqlite_migrations().back().version;
  if (facts->schema_version > binary_version) {
    return fail("restore: " + options.file + " has schema version " +
                std::to_string(facts->schema_version) + ", newer than this mamon's " +
                std::to_string(binary_version) + "; restore it with a newer mamon");
  }
  auto empty = storage::sqlite_database_is_empty(url->sqlite_path);
  if (!empty) return fail("restore: " + empty.error().message);
  if (!*empty) {
    return fail("restore: " + url->sqlite_path +
                " holds data; restore only into a new or empty database");
  }

  if (Status restored = storage::restore_sqlite_database(options.file, url->sqlite_path);
      !restored.ok()) {
    return fail("restore: " + restored.error().message);
  }
  std::cout << "restored: " << options.file << " into " << url->sqlite_path << " (schema version "
            << facts->schema_version << ")" << std::endl;
  if (int migrated = run_migrate(); migrated != kExitOk) return migrated;
  return run_check();
}

}  // namespace mamon::cli
