// Fresh, migrated databases for tests, on every backend under test.
//
// SQLite is always tested. PostgreSQL is tested when MAMON_TEST_PG_URL names a server database
// (scripts/pg-test-cluster.sh prints one; `make test` sets it). With MAMON_REQUIRE_PG=1 a missing
// MAMON_TEST_PG_URL fails the test instead of skipping PostgreSQL, so CI cannot silently lose it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "storage/database.h"

namespace mamon::testing {

// The backends to run parameterised suites on.
std::vector<storage::Backend> backends_under_test();

// gtest parameter name: "Sqlite" / "Postgres".
std::string backend_name(storage::Backend backend);

// A new empty database, migrated to the latest schema: a temp file for SQLite, a new database
// `mamon_t_<random>` on the MAMON_TEST_PG_URL server for PostgreSQL. Dropped on destruction.
class TestDatabase {
 public:
  explicit TestDatabase(storage::Backend backend, int pool_size = 4);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  storage::Database& db() { return *db_; }
  const std::string& url() const { return url_; }  // a DATABASE_URL for the CLI / server

 private:
  storage::Backend backend_;
  std::string url_;
  std::string admin_url_;   // PostgreSQL: the server database used to CREATE/DROP
  std::string name_;        // PostgreSQL database name or SQLite file path
  std::unique_ptr<storage::Database> db_;
};

}  // namespace mamon::testing
