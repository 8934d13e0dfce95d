// Backups of a SQLite database file with SQLite's online backup API (sqlite3_backup_*), for
// `mamon backup` and `mamon restore` (docs/operations.md "Backups"). PostgreSQL databases are
// backed up with pg_dump instead; nothing here touches them.
//
// The copy is made in a single backup step, that is inside one read transaction on the source:
// it is the database exactly as it was at one commit, however many writers the server has. In WAL
// mode (the server's mode) readers do not block writers, so the server keeps selling meanwhile;
// the backup only holds up checkpoints. A backup file is self-contained (journal_mode=DELETE, no
// -wal file beside it).
#pragma once

#include <string>

#include "base/result.h"

namespace mamon::storage {

// Copies the database at `source_path` into the new file `backup_path`.
// Errors: kConflict if `backup_path` exists already (it is never overwritten); kUnavailable if
// the source cannot be opened or read, or the backup cannot be written (the partial file is
// removed).
Status backup_sqlite_database(const std::string& source_path, const std::string& backup_path);

// What a backup file is, read without changing it (opened read-only and immutable).
struct SqliteBackupFacts {
  int schema_version = 0;  // the highest row of schema_migrations
};

// Checks that `backup_path` is an intact SQLite database made by Mamon (it passes
// PRAGMA quick_check and has a schema_migrations table) and reads its schema version.
// Errors: kNotFound (no such file); kInvalidInput (not a SQLite database, damaged, or no Mamon
// schema), with the reason.
Result<SqliteBackupFacts> inspect_sqlite_backup(const std::string& backup_path);

// Whether the database file at `path` holds nothing: it does not exist, is zero bytes, or has no
// tables. Error: kUnavailable if it cannot be opened; kInvalidInput if it is not a database.
Result<bool> sqlite_database_is_empty(const std::string& path);

// Copies the backup at `backup_path` into the database file `database_path` (created if missing)
// through the backup API, so a -wal file left beside an empty target is handled by SQLite.
// The caller has checked the backup (inspect_sqlite_backup); this call checks again, just before
// copying, that the target has no tables (kConflict otherwise), so it never overwrites data.
// Error: kUnavailable for I/O failures.
Status restore_sqlite_database(const std::string& backup_path, const std::string& database_path);

}  // namespace mamon::storage
