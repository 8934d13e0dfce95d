// Fresh, migrated databases for tests, on every backend under test.
//
// SQLite is always tested. PostgreSQL is tested when MAMON_TEST_PG_URL names a server database
// (scripts/pg-test-cluster.sh prints one; `make test` sets it). With MAMON_REQUIRE_PG=1 a missing
// MAMON_TEST_PG_URL fails the test instead of skipping PostgreSQL, so CI cannot silently lose it.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "storage/database.h"

namespace mamon::testing {

// The value of a Result a test cannot go on without; stops the test binary with the error.
template <typename T>
T must(Result<T> result, const char* what = "") {
  if (!result.ok()) {
    std::fprintf(stderr, "must(%s) failed: %s\n", what, result.error().message.c_str());
    std::abort();
  }
  return std::move(result).value();
}

inline void must(Status status, const char* what = "") {
  if (!status.ok()) {
    std::fprintf(stderr, "must(%s) failed: %s\n", what, status.error().message.c_str());
    std::abort();
  }
}

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
