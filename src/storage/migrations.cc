#include "storage/migrations.h"

#include <cstdint>
#include <set>

#include "base/clock.h"
#include "storage/script.h"

namespace mamon::storage {
namespace {

// The advisory lock that serialises migrating processes on PostgreSQL ("mamon" in ASCII). SQLite
// needs none: BEGIN IMMEDIATE already holds the database's single write lock.
constexpr std::int64_t kMigrationLockKey = 0x6d616d6f6e;

constexpr std::string_view kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at_us BIGINT NOT NULL)";

const std::vector<Migration>& migrations_for(Backend backend) {
  return backend == Backend::kSqlite ? sqlite_migrations() : postgres_migrations();
}

// Held until the transaction ends, so a second `mamon migrate` waits and then sees our rows.
Status lock_migrations(Transaction& tx) {
  if (tx.backend() != Backend::kPostgres) return ok_status();
  Result<QueryResult> locked = tx.query("SELECT pg_advisory_xact_lock($1)", {kMigrationLockKey});
  if (!locked.ok()) return locked.error();
  return ok_status();
}

Status create_migrations_table(Database& db) {
  MAMON_TRY(std::unique_ptr<Transaction> tx, db.begin(TxMode::kWrite));
  // Locked too: two concurrent CREATE TABLE IF NOT EXISTS can still collide on PostgreSQL.
  MAMON_RETURN_IF_ERROR(lock_migrations(*tx));
  MAMON_RETURN_IF_ERROR(tx->query(kCreateMigrationsTable));
  return tx->commit();
}

Result<std::set<int>> applied_versions(Transaction& tx) {
  MAMON_TRY(QueryResult result, tx.query("SELECT version FROM schema_migrations"));
  std::set<int> versions;
  for (const Row& row : result.rows) versions.insert(static_cast<int>(row.get_int(0)));
  return versions;
}

Error migration_error(const Migration& migration, const Error& error) {
  return make_error(error.code, std::string("migration ") + migration.name + ": " + error.message);
}

// Applies `migration` with its schema_migrations row in one transaction, unless another process
// applied it meanwhile. Returns whether this call applied it.
Result<bool> apply_migration(Database& db, const Migration& migration) {
  MAMON_TRY(std::unique_ptr<Transaction> tx, db.begin(TxMode::kWrite));
  MAMON_RETURN_IF_ERROR(lock_migrations(*tx));
  MAMON_TRY(QueryResult done, tx->query("SELECT 1 FROM schema_migrations WHERE version = $1",
                                        {std::int64_t{migration.version}}));
  if (!done.rows.empty()) return false;  // destroying tx rolls back: nothing was written

  if (Status ran = execute_script(*tx, migration.sql); !ran.ok()) {
    return migration_error(migration, ran.error());
  }
  Result<QueryResult> recorded = tx->query(
      "INSERT INTO schema_migrations (version, name, applied_at_us) VALUES ($1, $2, $3)",
      {std::int64_t{migration.version}, std::string(migration.name), SystemClock().now_us()});
  if (!recorded.ok()) return migration_error(migration, recorded.error());
  if (Status committed = tx->commit(); !committed.ok()) {
    return migration_error(migration, committed.error());
  }
  return true;
}

}  // namespace

Result<int> migrate(Database& db) {
  MAMON_RETURN_IF_ERROR(create_migrations_table(db));
  std::set<int> applied;
  {
    MAMON_TRY(std::unique_ptr<Transaction> tx, db.begin(TxMode::kRead));
    MAMON_TRY(applied, applied_versions(*tx));
  }
  int count = 0;
  for (const Migration& migration : migrations_for(db.backend())) {
    if (applied.contains(migration.version)) continue;
    MAMON_TRY(bool applied_now, apply_migration(db, migration));
    if (applied_now) ++count;
  }
  return count;
}

Result<int> schema_version(Database& db) {
  MAMON_TRY(std::unique_ptr<Transaction> tx, db.begin(TxMode::kRead));
  const std::string_view table_exists =
      db.backend() == Backend::kSqlite
          ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
          : "SELECT count(*) FROM information_schema.tables"
            " WHERE table_schema = current_schema() AND table_name = 'schema_migrations'";
  MAMON_TRY(QueryResult exists, tx->query(table_exists));
  if (exists.rows.at(0).get_int(0) == 0) return 0;
  MAMON_TRY(QueryResult version,
            tx->query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
  return static_cast<int>(version.rows.at(0).get_int(0));
}

}  // namespace mamon::storage
