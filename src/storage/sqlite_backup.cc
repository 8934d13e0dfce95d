#include "storage/sqlite_backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

#include "base/limits.h"

namespace mamon::storage {
namespace {

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using SqliteHandle = std::unique_ptr<sqlite3, SqliteCloser>;

// How often, and how far apart, a backup step that found the source locked is retried: WAL
// readers are only ever locked out briefly (recovery after a crash, a checkpoint resetting the
// log), so this adds up to the busy timeout the server itself uses.
constexpr int kBackupBusyRetryMs = 50;
constexpr int kBackupBusyRetriesMax = limits::kSqliteBusyTimeoutMs / kBackupBusyRetryMs;

Error sqlite_failure(ErrorCode code, std::string_view what, sqlite3* db) {
  const char* message = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
  return make_error(code, std::string(what) + ": " + message);
}

Result<SqliteHandle> open_file(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  SqliteHandle db(raw);
  if (rc != SQLITE_OK) return sqlite_failure(ErrorCode::kUnavailable, "cannot open " + path, raw);
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, limits::kSqliteBusyTimeoutMs);
  return db;
}

// A URI filename opening `path` read-only and immutable: SQLite then neither writes a -shm file
// nor takes locks, so a backup on read-only media can be inspected, and nothing about it changes.
std::string read_only_uri(const std::string& path) {
  std::string absolute = std::filesystem::absolute(path).string();
  std::string uri = "file:";
  for (char c : absolute) {
    if (c == '%' || c == '?' || c == '#') {
      static constexpr char kHex[] = "0123456789abcdef";
      const auto byte = static_cast<unsigned char>(c);
      uri += '%';
      uri += kHex[byte >> 4];
      uri += kHex[byte & 0xf];
    } else {
      uri += c;
    }
  }
  return uri + "?mode=ro&immutable=1";
}

// Runs `sql` (one statement, no parameters) and returns the first column of every row as text.
Result<std::vector<std::string>> column_texts(sqlite3* db, const char* sql) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db, sql, -1, &raw, nullptr);
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt(raw, sqlite3_finalize);
  std::vector<std::string> values;
  while (rc == SQLITE_OK || rc == SQLITE_ROW) {
    rc = sqlite3_step(raw);
    if (rc == SQLITE_ROW) {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(raw, 0));
      values.emplace_back(text != nullptr ? text : "");
    }
  }
  if (rc == SQLITE_DONE) return values;
  // NOTADB / CORRUPT: the file is something else, or damaged; anything else is the machine's.
  const int primary = rc & 0xff;
  const ErrorCode code = primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT
                             ? ErrorCode::kInvalidInput
                             : ErrorCode::kUnavailable;
  return sqlite_failure(code, "not a readable SQLite database", db);
}

Result<bool> has_tables(sqlite3* db) {
  MAMON_TRY(std::vector<std::string> count,
            column_texts(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"));
  return !count.empty() && count.front() != "0";
}

// Copies all of `source` into `target` in one step (one read transaction on the source).
Status copy_database(sqlite3* source, sqlite3* target) {
  sqlite3_backup* backup = sqlite3_backup_init(target, "main", source, "main");
  if (backup == nullptr) return sqlite_failure(ErrorCode::kUnavailable, "backup", target);
  int rc = SQLITE_OK;
  for (int attempt = 0; attempt <= kBackupBusyRetriesMax; ++attempt) {
    rc = sqlite3_backup_step(backup, -1);
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(kBackupBusyRetryMs));
  }
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    return make_error(ErrorCode::kUnavailable, std::string("backup: ") + sqlite3_errstr(rc));
  }
  return ok_status();
}

// Creates `path` exclusively (so two backups never write one file) and closes it again.
Status claim_new_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::close(fd);
    return ok_status();
  }
  if (errno == EEXIST) {
    return make_error(ErrorCode::kConflict, path + " exists already; a backup never overwrites");
  }
  return make_error(ErrorCode::kUnavailable, "cannot create " + path + ": " + std::strerror(errno));
}

Status write_backup(const std::string& source_path, const std::string& backup_path) {
  MAMON_TRY(SqliteHandle source, open_file(source_path, SQLITE_OPEN_READWRITE));
  MAMON_TRY(SqliteHandle target, open_file(backup_path, SQLITE_OPEN_READWRITE));
  MAMON_RETURN_IF_ERROR(copy_database(source.get(), target.get()));
  // The copy carries the source's WAL flag; a backup is one self-contained file instead.
  if (sqlite3_exec(target.get(), "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr) !=
      SQLITE_OK) {
    return sqlite_failure(ErrorCode::kUnavailable, "backup", target.get());
  }
  SqliteHandle closing = std::move(target);
  if (sqlite3_close(closing.release()) != SQLITE_OK) {
    return make_error(ErrorCode::kUnavailable, "backup: cannot close " + backup_path);
  }
  return ok_status();
}

}  // namespace

Status backup_sqlite_database(const std::string& source_path, const std::string& backup_path) {
  std::error_code ignored;
  if (!std::filesystem::exists(source_path, ignored)) {
    return make_error(ErrorCode::kUnavailable, "no database at " + source_path);
  }
  MAMON_RETURN_IF_ERROR(claim_new_file(backup_path));
  Status written = write_backup(source_path, backup_path);
  if (!written.ok()) {
    std::filesystem::remove(backup_path, ignored);
    std::filesystem::remove(backup_path + "-journal", ignored);
  }
  return written;
}

Result<SqliteBackupFacts> inspect_sqlite_backup(const std::string& backup_path) {
  std::error_code ignored;
  if (!std::filesystem::is_regular_file(backup_path, ignored)) {
    return make_error(ErrorCode::kNotFound, "no backup file " + backup_path);
  }
  MAMON_TRY(SqliteHandle db,
            open_file(read_only_uri(backup_path), SQLITE_OPEN_READONLY | SQLITE_OPEN_URI));
  Result<std::vector<std::string>> check = column_texts(db.get(), "PRAGMA quick_check");
  if (!check.ok()) {
    return make_error(ErrorCode::kInvalidInput, backup_path + " is " + check.error().message);
  }
  if (check->size() != 1 || check->front() != "ok") {
    return make_error(ErrorCode::kInvalidInput,
                      backup_path + " is damaged: " + (check->empty() ? "" : check->front()));
  }
  MAMON_TRY(std::vector<std::string> migrations,
            column_texts(db.get(),
                         "SELECT count(*) FROM sqlite_master"
                         " WHERE type = 'table' AND name = 'schema_migrations'"));
  if (migrations.empty() || migrations.front() == "0") {
    return make_error(ErrorCode::kInvalidInput,
                      backup_path + " is a SQLite database but not Mamon's (no schema_migrations)");
  }
  MAMON_TRY(std::vector<std::string> version,
            column_texts(db.get(), "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
  SqliteBackupFacts facts;
  facts.schema_version = version.empty() ? 0 : std::stoi(version.front());
  return facts;
}

Result<bool> sqlite_database_is_empty(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return true;
  if (std::filesystem::file_size(path, error) == 0 && !error) return true;
  // Read-write: a -wal file beside it may hold tables the main file does not show yet.
  MAMON_TRY(SqliteHandle db, open_file(path, SQLITE_OPEN_READWRITE));
  MAMON_TRY(bool tables, has_tables(db.get()));
  return !tables;
}

Status restore_sqlite_database(const std::string& backup_path, const std::string& database_path) {
  MAMON_TRY(SqliteHandle source,
            open_file(read_only_uri(backup_path), SQLITE_OPEN_READONLY | SQLITE_OPEN_URI));
  MAMON_TRY(SqliteHandle target,
            open_file(database_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
  MAMON_TRY(bool tables, has_tables(target.get()));
  if (tables) {
    return make_error(ErrorCode::kConflict,
                      database_path + " holds data; restore only into an empty database");
  }
  return copy_database(source.get(), target.get());
}

}  // namespace mamon::storage
