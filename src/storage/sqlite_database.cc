#include "storage/sqlite_database.h"

#include <sqlite3.h>

#include <charconv>
#include <chrono>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "base/limits.h"
#include "storage/connection_pool.h"
#include "storage/script.h"
#include "storage/transaction_state.h"

namespace mamon::storage {
namespace {

// Maps an (extended) SQLite result code to the codes database.h promises.
Error sqlite_error(int rc, std::string_view message) {
  ErrorCode code = ErrorCode::kInternal;
  const int primary = rc & 0xff;
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
    code = ErrorCode::kConflict;
  } else if (primary == SQLITE_CONSTRAINT) {
    code = ErrorCode::kInvalidInput;  // CHECK, NOT NULL, FOREIGN KEY
  } else if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    code = ErrorCode::kTransactionConflict;
  }
  // The message names the columns ("UNIQUE constraint failed: groups.name"), never the values.
  return make_error(code, "sqlite: " + std::string(message));
}

Error sqlite_error(sqlite3* db, int rc) {
  return sqlite_error(rc, sqlite3_errmsg(db));
}

// Lets the statement cache be searched with a string_view without building a std::string.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const {
    return std::hash<std::string_view>{}(text);
  }
};

class SqliteConnection final : public PooledConnection {
 public:
  static Result<std::unique_ptr<PooledConnection>> open(const std::string& path,
                                                        bool synchronous_full);
  ~SqliteConnection() override;

  sqlite3* handle() const { return db_; }

  // The cached prepared statement for `sql`, prepared on first use. It is reset and unbound by
  // whoever used it last. Error: kInternal for bad SQL or more than one statement.
  Result<sqlite3_stmt*> statement(std::string_view sql);

  // Runs a statement without parameters or result rows (BEGIN, COMMIT, ROLLBACK).
  Status run(std::string_view sql);

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  void clear_statements();

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*, StringHash, std::equal_to<>> statements_;
};

Result<std::unique_ptr<PooledConnection>> SqliteConnection::open(const std::string& path,
                                                                 bool synchronous_full) {
  sqlite3* db = nullptr;
  // NOMUTEX: a connection is used by one thread at a time (the pool hands it to one Transaction).
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return make_error(ErrorCode::kUnavailable, "sqlite: cannot open " + path + ": " + message);
  }
  std::unique_ptr<SqliteConnection> connection(new SqliteConnection(db));
  sqlite3_extended_result_codes(db, 1);  // to tell UNIQUE from CHECK violations
  // Before the PRAGMAs: switching a new file to WAL needs the lock another connection may hold.
  sqlite3_busy_timeout(db, limits::kSqliteBusyTimeoutMs);
  const std::string pragmas = std::string("PRAGMA journal_mode=WAL; PRAGMA synchronous=") +
                              (synchronous_full ? "FULL" : "NORMAL") + "; PRAGMA foreign_keys=ON;";
  char* message = nullptr;
  if (sqlite3_exec(db, pragmas.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string reason = message != nullptr ? message : sqlite3_errmsg(db);
    sqlite3_free(message);
    return make_error(ErrorCode::kUnavailable, "sqlite: cannot set up " + path + ": " + reason);
  }
  return std::unique_ptr<PooledConnection>(std::move(connection));
}

SqliteConnection::~SqliteConnection() {
  clear_statements();
  sqlite3_close_v2(db_);
}

void SqliteConnection::clear_statements() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  statements_.clear();
}

Result<sqlite3_stmt*> SqliteConnection::statement(std::string_view sql) {
  if (auto it = statements_.find(sql); it != statements_.end()) return it->second;
  if (statements_.size() >= static_cast<std::size_t>(limits::kDbStatementCacheSizeMax)) {
    clear_statements();  // safe: no cached statement is mid-use between calls
  }
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
  if (rc != SQLITE_OK) return sqlite_error(db_, rc);
  if (stmt == nullptr) return make_error(ErrorCode::kInternal, "sqlite: empty SQL statement");
  // SQLite would silently ignore everything after the first statement.
  for (const char* p = tail; p != nullptr && p < sql.data() + sql.size(); ++p) {
    if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r' && *p != ';') {
      sqlite3_finalize(stmt);
      return make_error(ErrorCode::kInternal,
                        "sqlite: several statements in one query (only scripts may do that)");
    }
  }
  statements_.emplace(std::string(sql), stmt);
  return stmt;
}

Status SqliteConnection::run(std::string_view sql) {
  MAMON_TRY(sqlite3_stmt * stmt, statement(sql));
  const int rc = sqlite3_step(stmt);
  sqlite3_reset(stmt);
  if (rc != SQLITE_DONE) return sqlite_error(db_, rc);
  return ok_status();
}

// Puts a cached statement back into its reusable state however the query ends.
class StatementReset {
 public:
  explicit StatementReset(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~StatementReset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  StatementReset(const StatementReset&) = delete;
  StatementReset& operator=(const StatementReset&) = delete;

 private:
  sqlite3_stmt* stmt_;
};

// Binds params[i] to the parameter named "$<i+1>", wherever it appears in the SQL.
Status bind_params(sqlite3* db, sqlite3_stmt* stmt, std::span<const Param> params) {
  const int expected = sqlite3_bind_parameter_count(stmt);
  if (expected != static_cast<int>(params.size())) {
    return make_error(ErrorCode::kInternal, "sqlite: the statement has " +
                                                std::to_string(expected) + " parameters, " +
                                                std::to_string(params.size()) + " given");
  }
  for (std::size_t i = 0; i < params.size(); ++i) {
    char name[16] = "$";
    std::to_chars(name + 1, name + sizeof(name) - 1, i + 1);
    const int index = sqlite3_bind_parameter_index(stmt, name);
    if (index == 0) {
      return make_error(ErrorCode::kInternal,
                        std::string("sqlite: parameter ") + name + " does not occur in the SQL");
    }
    const Param& param = params[i];
    int rc = SQLITE_OK;
    if (std::holds_alternative<std::nullptr_t>(param)) {
      rc = sqlite3_bind_null(stmt, index);
    } else if (const auto* value = std::get_if<std::int64_t>(&param)) {
      rc = sqlite3_bind_int64(stmt, index, *value);
    } else if (const auto* text = std::get_if<std::string>(&param)) {
      // PostgreSQL cannot store a NUL in text; refusing it here too keeps the backends alike.
      if (text->find('\0') != std::string::npos) {
        return make_error(ErrorCode::kInvalidInput, "sqlite: text contains a NUL byte");
      }
      // STATIC: params outlive the statement's use; StatementReset unbinds before returning.
      rc = sqlite3_bind_text64(stmt, index, text->data(), text->size(), SQLITE_STATIC, SQLITE_UTF8);
    } else {
      rc = sqlite3_bind_int(stmt, index, std::get<bool>(param) ? 1 : 0);
    }
    if (rc != SQLITE_OK) return sqlite_error(db, rc);
  }
  return ok_status();
}

Result<Row> read_row(sqlite3_stmt* stmt) {
  const int columns = sqlite3_column_count(stmt);
  std::vector<Row::Cell> cells;
  cells.reserve(static_cast<std::size_t>(columns));
  for (int c = 0; c < columns; ++c) {
    switch (sqlite3_column_type(stmt, c)) {
      case SQLITE_INTEGER:
        cells.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(stmt, c)));
        break;
      case SQLITE_TEXT: {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
        cells.emplace_back(
            std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, c))));
        break;
      }
      case SQLITE_BLOB: {
        const auto* blob = static_cast<const char*>(sqlite3_column_blob(stmt, c));
        const auto size = static_cast<std::size_t>(sqlite3_column_bytes(stmt, c));
        cells.emplace_back(blob != nullptr ? std::string(blob, size) : std::string());
        break;
      }
      case SQLITE_NULL:
        cells.emplace_back(std::monostate{});
        break;
      default:  // SQLITE_FLOAT: money and counts are integers; a REAL is a schema or query bug.
        return make_error(ErrorCode::kInternal, std::string("sqlite: column ") +
                                                    sqlite3_column_name(stmt, c) +
                                                    " holds a floating-point value");
    }
  }
  return Row(std::move(cells));
}

class SqliteTransaction final : public Transaction, public ScriptExecutor {
 public:
  // `writer_turn`: held by a write transaction (the database's in-process writer lock), released
  // when it commits or rolls back; empty for a read transaction.
  SqliteTransaction(ConnectionPool::Lease lease, std::unique_lock<std::timed_mutex> writer_turn)
      : lease_(std::move(lease)),
        connection_(lease_.connection_as<SqliteConnection>()),
        writer_turn_(std::move(writer_turn)) {}
  ~SqliteTransaction() override;

  using Transaction::query;
  Result<QueryResult> query(std::string_view sql, std::span<const Param> params) override;
  // At once: in-process, there is no round trip to save.
  Status defer(std::string_view sql, std::span<const Param> params,
               std::int64_t expected_rows) override;
  Status commit() override;
  Backend backend() const override { return Backend::kSqlite; }
  Status execute_script(std::string_view sql) override;

 private:
  Status check_usable() const { return state_.check_usable(); }
  Error fail(Error error);
  void roll_back();

  ConnectionPool::Lease lease_;
  SqliteConnection& connection_;
  TransactionState state_;
  std::unique_lock<std::timed_mutex> writer_turn_;  // destroyed first: after the rollback
};

SqliteTransaction::~SqliteTransaction() {
  if (!state_.finished()) roll_back();
}

Error SqliteTransaction::fail(Error error) {
  return state_.poison(std::move(error));
}

void SqliteTransaction::roll_back() {
  sqlite3* db = connection_.handle();
  // Some errors (disk full, I/O) make SQLite roll back by itself; then there is nothing to undo.
  if (sqlite3_get_autocommit(db) == 0 && !connection_.run("ROLLBACK").ok()) lease_.discard();
  // A connection stuck inside a transaction must never serve another caller.
  if (sqlite3_get_autocommit(db) == 0) lease_.discard();
}

Result<QueryResult> SqliteTransaction::query(std::string_view sql, std::span<const Param> params) {
  MAMON_RETURN_IF_ERROR(check_usable());
  sqlite3* db = connection_.handle();
  Result<sqlite3_stmt*> prepared = connection_.statement(sql);
  if (!prepared.ok()) return fail(prepared.error());
  sqlite3_stmt* stmt = *prepared;
  StatementReset reset(stmt);
  if (Status bound = bind_params(db, stmt, params); !bound.ok()) return fail(bound.error());

  QueryResult result;
  const std::int64_t changes_before = sqlite3_total_changes64(db);
  for (;;) {
    const int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return fail(sqlite_error(db, rc));
    Result<Row> row = read_row(stmt);
    if (!row.ok()) return fail(row.error());
    result.rows.push_back(std::move(row).value());
  }
  // sqlite3_changes64 keeps the count of the last INSERT/UPDATE/DELETE even after a SELECT or
  // DDL; only trust it when this statement changed something.
  if (sqlite3_total_changes64(db) != changes_before) result.affected_rows = sqlite3_changes64(db);
  return result;
}

Status SqliteTransaction::defer(std::string_view sql, std::span<const Param> params,
                                std::int64_t expected_rows) {
  MAMON_TRY(QueryResult result, query(sql, params));
  if (result.affected_rows != expected_rows) {
    return fail(deferred_row_count_error(sql, result.affected_rows, expected_rows));
  }
  return ok_status();
}

Status SqliteTransaction::commit() {
  Status committed = check_usable();
  if (committed.ok()) committed = connection_.run("COMMIT");
  state_.finish();
  // Poisoned, or e.g. busy: COMMIT failed but the transaction is still open.
  if (!committed.ok()) roll_back();
  if (writer_turn_.owns_lock()) writer_turn_.unlock();  // the next writer goes on at once
  return committed;
}

Status SqliteTransaction::execute_script(std::string_view sql) {
  MAMON_RETURN_IF_ERROR(check_usable());
  const std::string text(sql);  // sqlite3_exec wants a terminated string
  char* message = nullptr;
  const int rc = sqlite3_exec(connection_.handle(), text.c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return ok_status();
  std::string reason = message != nullptr ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  return fail(sqlite_error(rc, reason));
}

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(const std::string& path, const DatabaseOptions& options, int pool_size)
      : pool_(pool_size, options.pool_wait_ms, [path, full = options.sqlite_synchronous_full] {
          return SqliteConnection::open(path, full);
        }) {}

  Result<std::unique_ptr<Transaction>> begin(TxMode mode) override {
    // This process's writers queue here, each woken the moment the one before it finishes.
    // Left to SQLite's busy handler, a second writer sleeps 1, 2, 5, 10 ... ms between tries of
    // the file lock, while write transactions take a fraction of a millisecond. Other processes
    // (a `mamon` command) still meet the busy handler at BEGIN IMMEDIATE.
    std::unique_lock<std::timed_mutex> writer_turn(writer_, std::defer_lock);
    if (mode == TxMode::kWrite &&
        !writer_turn.try_lock_for(std::chrono::milliseconds(limits::kSqliteBusyTimeoutMs))) {
      return make_error(ErrorCode::kTransactionConflict, "sqlite: database is locked");
    }
    MAMON_TRY(ConnectionPool::Lease lease, pool_.acquire());
    auto& connection = lease.connection_as<SqliteConnection>();
    // IMMEDIATE takes the write lock now, waiting up to the busy timeout, so a writer never
    // fails half-way because another connection upgraded first.
    MAMON_RETURN_IF_ERROR(connection.run(mode == TxMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN"));
    return std::unique_ptr<Transaction>(
        std::make_unique<SqliteTransaction>(std::move(lease), std::move(writer_turn)));
  }

  Backend backend() const override { return Backend::kSqlite; }
  PoolStats pool_stats() const override { return pool_.stats(); }

  // Opens one connection and puts it in the pool, so that a bad path fails at open time.
  Status open_first_connection() {
    Result<ConnectionPool::Lease> lease = pool_.acquire();
    if (!lease.ok()) return lease.error();
    return ok_status();
  }

 private:
  std::timed_mutex writer_;  // before pool_: outlives every transaction's turn
  ConnectionPool pool_;
};

}  // namespace

Result<std::unique_ptr<Database>> open_sqlite_database(const std::string& path,
                                                       const DatabaseOptions& options) {
  const int pool_size = path == ":memory:" ? 1 : options.pool_size;
  auto database = std::make_unique<SqliteDatabase>(path, options, pool_size);
  MAMON_RETURN_IF_ERROR(database->open_first_connection());
  return std::unique_ptr<Database>(std::move(database));
}

}  // namespace mamon::storage
