#include "support/test_database.h"

#include <libpq-fe.h>
#include <stdlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>

#include "base/clock.h"
#include "storage/migrations.h"
#include "storage/system_rows.h"

namespace mamon::testing {
namespace {

// A fixture that cannot be built leaves nothing sensible to test; stop loudly with the reason
// (a constructor has no way to skip or fail the running test otherwise).
[[noreturn]] void fixture_failed(const std::string& what) {
  std::fprintf(stderr, "TestDatabase: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

std::string random_hex(int bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::random_device device;
  std::string out;
  for (int i = 0; i < bytes; ++i) {
    const unsigned value = device() & 0xffu;
    out += kDigits[value >> 4];
    out += kDigits[value & 0xfu];
  }
  return out;
}

// `url` with its database name (the path) replaced by `name`; query parameters are kept.
std::string with_database_name(const std::string& url, const std::string& name) {
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) fixture_failed("MAMON_TEST_PG_URL is not a URL");
  const std::size_t authority = scheme_end + 3;
  const std::size_t query = url.find('?', authority);
  const std::size_t path = url.find('/', authority);
  const std::size_t authority_end = path != std::string::npos && path < query ? path : query;
  std::string out = url.substr(0, authority_end == std::string::npos ? url.size() : authority_end);
  out += "/" + name;
  if (query != std::string::npos) out += url.substr(query);
  return out;
}

// Runs one statement on the admin database with libpq directly: CREATE/DROP DATABASE cannot run
// inside the transaction every storage call opens.
std::string run_admin(const std::string& admin_url, const std::string& sql) {
  PGconn* conn = PQconnectdb(admin_url.c_str());
  std::string error;
  if (PQstatus(conn) != CONNECTION_OK) {
    error = std::string("cannot connect to MAMON_TEST_PG_URL: ") + PQerrorMessage(conn);
  } else {
    PGresult* result = PQexec(conn, sql.c_str());
    if (PQresultStatus(result) != PGRES_COMMAND_OK) {
      error = sql + ": " + PQresultErrorMessage(result);
    }
    PQclear(result);
  }
  PQfinish(conn);
  return error;
}

}  // namespace

std::vector<storage::Backend> backends_under_test() {
  std::vector<storage::Backend> backends = {storage::Backend::kSqlite};
  if (!env("MAMON_TEST_PG_URL").empty()) {
    backends.push_back(storage::Backend::kPostgres);
  } else if (env("MAMON_REQUIRE_PG") == "1") {
    // Listed anyway, so that each PostgreSQL test fails (in TestDatabase) instead of vanishing.
    std::fprintf(stderr, "MAMON_REQUIRE_PG=1 but MAMON_TEST_PG_URL is not set\n");
    backends.push_back(storage::Backend::kPostgres);
  }
  return backends;
}

std::string backend_name(storage::Backend backend) {
  return backend == storage::Backend::kSqlite ? "Sqlite" : "Postgres";
}

TestDatabase::TestDatabase(storage::Backend backend, int pool_size) : backend_(backend) {
  if (backend == storage::Backend::kSqlite) {
    const std::string tmp = env("TMPDIR").empty() ? "/tmp" : env("TMPDIR");
    std::string pattern = tmp + "/mamon-test-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) fixture_failed("mkdtemp failed under " + tmp);
    name_ = pattern + "/mamon.sqlite3";
    // Four slashes: an absolute path under database.h's reading ("sqlite://" + "//tmp/...", which
    // the kernel resolves like "/tmp/...") and under the SQLAlchemy one ("sqlite:///" + "/tmp").
    url_ = "sqlite:///" + name_;
  } else {
    admin_url_ = env("MAMON_TEST_PG_URL");
    if (admin_url_.empty()) {
      fixture_failed(
          "MAMON_REQUIRE_PG=1 but MAMON_TEST_PG_URL is not set "
          "(scripts/pg-test-cluster.sh start prints one)");
    }
    name_ = "mamon_t_" + random_hex(8);
    if (std::string error = run_admin(admin_url_, "CREATE DATABASE " + name_); !error.empty()) {
      fixture_failed(error);
    }
    url_ = with_database_name(admin_url_, name_);
  }

  storage::DatabaseOptions options;
  options.pool_size = pool_size;
  Result<std::unique_ptr<storage::Database>> opened = storage::open_database(url_, options);
  if (!opened.ok()) fixture_failed("open_database: " + opened.error().message);
  db_ = std::move(opened).value();
  if (Result<int> migrated = storage::migrate(*db_); !migrated.ok()) {
    fixture_failed("migrate: " + migrated.error().message);
  }
  Result<std::unique_ptr<storage::Transaction>> tx = db_->begin(storage::TxMode::kWrite);
  if (!tx.ok()) fixture_failed("begin: " + tx.error().message);
  if (Status rows = storage::ensure_system_rows(**tx, SystemClock().now_us()); !rows.ok()) {
    fixture_failed("ensure_system_rows: " + rows.error().message);
  }
  if (Status committed = (*tx)->commit(); !committed.ok()) {
    fixture_failed("commit: " + committed.error().message);
  }
}

TestDatabase::~TestDatabase() {
  db_.reset();  // close every pooled connection before the database goes away
  if (backend_ == storage::Backend::kSqlite) {
    std::error_code ignored;
    std::filesystem::remove_all(std::filesystem::path(name_).parent_path(), ignored);
  } else {
    // FORCE: a test that leaked a connection must not leave the database behind.
    if (std::string error =
            run_admin(admin_url_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
        !error.empty()) {
      std::fprintf(stderr, "TestDatabase: %s\n", error.c_str());
    }
  }
}

}  // namespace mamon::testing
