// The narrow database interface: the only way any code reaches SQL. Two implementations
// (SQLite via libsqlite3, PostgreSQL via libpq) behind the same calls; SQL text is written once
// with `$1..$n` parameters, which both engines accept.
//
// Ownership and threads: a Database is shared by all threads; it hands out Transactions, each of
// which holds one pooled connection exclusively until it is destroyed. A Transaction is used by
// one thread at a time. Destroying an uncommitted Transaction rolls it back and returns the
// connection to the pool.
//
// Prepared statements are cached per connection, keyed by the SQL text: pass the same string for
// the same statement (a string literal) and it is parsed once per connection.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/result.h"

namespace mamon::storage {

enum class Backend { kSqlite, kPostgres };

// A bound parameter. bool binds as 0/1 on SQLite and as a boolean on PostgreSQL.
using Param = std::variant<std::nullptr_t, std::int64_t, std::string, bool>;

inline Param param_or_null(const std::optional<std::int64_t>& v) {
  return v ? Param(*v) : Param(nullptr);
}
inline Param param_or_null(const std::optional<std::string>& v) {
  return v ? Param(*v) : Param(nullptr);
}

// One result row. Cells hold SQL NULL, an integer or text; accessors convert (PostgreSQL returns
// text, e.g. "t"/"f" for booleans, which get_bool understands). Asking for a non-null accessor on
// NULL, or get_int on non-numeric text, is a programmer error (CHECK).
class Row {
 public:
  using Cell = std::variant<std::monostate, std::int64_t, std::string>;

  explicit Row(std::vector<Cell> cells) : cells_(std::move(cells)) {}

  std::size_t size() const { return cells_.size(); }
  bool is_null(std::size_t i) const;
  std::int64_t get_int(std::size_t i) const;
  std::string get_text(std::size_t i) const;
  bool get_bool(std::size_t i) const;
  std::optional<std::int64_t> get_opt_int(std::size_t i) const;
  std::optional<std::string> get_opt_text(std::size_t i) const;

 private:
  std::vector<Cell> cells_;
};

struct QueryResult {
  std::vector<Row> rows;
  std::int64_t affected_rows = 0;  // INSERT/UPDATE/DELETE
};

// Failures reported by query()/commit() map to these codes:
//   kConflict               a UNIQUE / PRIMARY KEY constraint was violated (message names it)
//   kInvalidInput           a CHECK, NOT NULL or FOREIGN KEY constraint was violated
//   kTransactionConflict    deadlock / serialization failure / SQLite busy: retry the transaction
//   kUnavailable            the connection is broken or the server is down
//   kInternal               SQL error (a bug: syntax, unknown column, ...)
// After any failure of query() the transaction is poisoned: further calls fail; destroy it.
class Transaction {
 public:
  virtual ~Transaction() = default;

  virtual Result<QueryResult> query(std::string_view sql, std::span<const Param> params) = 0;
  Result<QueryResult> query(std::string_view sql, std::initializer_list<Param> params = {}) {
    return query(sql, std::span<const Param>(params.begin(), params.size()));
  }

  // A write whose only result is how many rows it changed (an UPDATE of a known row, an INSERT
  // without RETURNING), run at the latest by the next query() or commit(): PostgreSQL sends it
  // in the same round trip as that query, or in one round trip before the COMMIT; SQLite (and
  // this default) runs it at once. When it fails, or changes another number of rows than
  // `expected_rows` (kInternal), the call that ran it reports that error and the transaction is
  // poisoned as by a failed query(); commit() never commits then. Deferred statements run in
  // the order they were deferred, before the query that follows them.
  virtual Status defer(std::string_view sql, std::span<const Param> params,
                       std::int64_t expected_rows);
  Status defer(std::string_view sql, std::initializer_list<Param> params,
               std::int64_t expected_rows) {
    return defer(sql, std::span<const Param>(params.begin(), params.size()), expected_rows);
  }

  // Commits (running what was deferred first). On failure the transaction is rolled back.
  virtual Status commit() = 0;

  virtual Backend backend() const = 0;
};

enum class TxMode {
  kRead,   // SQLite: BEGIN (deferred); PostgreSQL: BEGIN READ ONLY
  kWrite,  // SQLite: BEGIN IMMEDIATE (takes the write lock up front); PostgreSQL: BEGIN
};

class Database {
 public:
  virtual ~Database() = default;

  // Takes a pooled connection (waiting up to the pool timeout) and begins a transaction.
  // Error: kUnavailable if no connection can be had or opened.
  virtual Result<std::unique_ptr<Transaction>> begin(TxMode mode) = 0;

  virtual Backend backend() const = 0;

  // For /metrics and /healthz: connections open and in use now.
  struct PoolStats {
    int open = 0;
    int in_use = 0;
    int size_max = 0;
  };
  virtual PoolStats pool_stats() const = 0;
};

// Parsed DATABASE_URL, in the Django/SQLAlchemy convention: "sqlite:///relative/path.sqlite3"
// (three slashes), "sqlite:////absolute/path.sqlite3" (four), "sqlite://:memory:",
// "postgres://user:pw@host:port/db" or "postgresql://..." (query parameters such as
// ?sslmode=disable are passed to libpq). Error: kInvalidInput with the reason (never the password).
struct DatabaseUrl {
  Backend backend = Backend::kSqlite;
  std::string sqlite_path;        // SQLite only
  std::string postgres_conninfo;  // PostgreSQL only: a libpq connection URI
};
Result<DatabaseUrl> parse_database_url(std::string_view url);

struct DatabaseOptions {
  int pool_size = 8;               // connections at most (limits::kDbPoolSizeMax)
  int pool_wait_ms = 5000;         // how long begin() waits for a free connection
  bool sqlite_synchronous_full = false;  // SQLite: synchronous=FULL instead of NORMAL
};

// Opens (and for SQLite creates) the database. Does not migrate.
Result<std::unique_ptr<Database>> open_database(std::string_view url, const DatabaseOptions& options = {});

}  // namespace mamon::storage
