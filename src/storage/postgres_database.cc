#include "storage/postgres_database.h"

#include <libpq-fe.h>

#include <cstring>
#include <optional>
#include <unordered_map>

#include "base/limits.h"
#include "storage/connection_pool.h"
#include "storage/script.h"
#include "storage/transaction_state.h"

namespace mamon::storage {
namespace {

struct PgResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using PgResult = std::unique_ptr<PGresult, PgResultDeleter>;

std::string trimmed(const char* text) {
  std::string out = text != nullptr ? text : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

ErrorCode code_for_sqlstate(std::string_view state) {
  if (state == "23505") return ErrorCode::kConflict;             // unique_violation
  if (state.starts_with("23")) return ErrorCode::kInvalidInput;  // check, not null, FK
  if (state == "40001" || state == "40P01") return ErrorCode::kTransactionConflict;
  // protocol_violation: on a live connection it is our bug, e.g. a wrong number of parameters.
  if (state == "08P01") return ErrorCode::kInternal;
  // Connection exceptions, insufficient resources (too many connections) and the server shutting
  // down: the database is unavailable rather than the query wrong.
  if (state.starts_with("08") || state.starts_with("53") || state.starts_with("57P")) {
    return ErrorCode::kUnavailable;
  }
  return ErrorCode::kInternal;
}

// Maps a failed libpq call to database.h's codes. `result` may be null (libpq ran out of memory
// or lost the connection before a result existed).
Error postgres_error(PGconn* conn, const PGresult* result) {
  if (PQstatus(conn) != CONNECTION_OK) {
    return make_error(ErrorCode::kUnavailable,
                      "postgres: connection lost: " + trimmed(PQerrorMessage(conn)));
  }
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary =
      result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  const char* constraint =
      result != nullptr ? PQresultErrorField(result, PG_DIAG_CONSTRAINT_NAME) : nullptr;
  // The primary message only: DETAIL would quote the offending values (usernames, card ids).
  std::string message = primary != nullptr ? primary : trimmed(PQerrorMessage(conn));
  if (constraint != nullptr && message.find(constraint) == std::string::npos) {
    message += std::string(" (constraint ") + constraint + ")";
  }
  if (state == nullptr) return make_error(ErrorCode::kInternal, "postgres: " + message);
  return make_error(code_for_sqlstate(state),
                    "postgres: " + message + " [SQLSTATE " + std::string(state) + "]");
}

bool succeeded(const PGresult* result) {
  const ExecStatusType status = PQresultStatus(result);  // a null result reads as a fatal error
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

// Lets the statement cache be searched with a string_view without building a std::string.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const {
    return std::hash<std::string_view>{}(text);
  }
};

// The wire protocol's limit on a statement's parameters.
constexpr std::size_t kParamsMax = 65535;

// Parameters as libpq wants them: C strings, with int64 as decimal text. The pointers stay valid
// while the ParamValues and the Params it was made from live (a move keeps them: the strings'
// storage does not move with the vector).
class ParamValues {
 public:
  static Result<ParamValues> of(std::span<const Param> params) {
    if (params.size() > kParamsMax) {
      return make_error(ErrorCode::kInternal, "postgres: too many parameters");
    }
    ParamValues out;
    out.numbers_.resize(params.size());
    out.values_.assign(params.size(), nullptr);
    for (std::size_t i = 0; i < params.size(); ++i) {
      const Param& param = params[i];
      if (const auto* value = std::get_if<std::int64_t>(&param)) {
        out.numbers_[i] = std::to_string(*value);
        out.values_[i] = out.numbers_[i].c_str();
      } else if (const auto* text = std::get_if<std::string>(&param)) {
        // Text parameters are C strings on the wire; a NUL would silently cut the value short.
        if (text->find('\0') != std::string::npos) {
          return make_error(ErrorCode::kInvalidInput, "postgres: text contains a NUL byte");
        }
        out.values_[i] = text->c_str();
      } else if (const auto* flag = std::get_if<bool>(&param)) {
        out.values_[i] = *flag ? "t" : "f";
      }  // nullptr_t stays a null pointer: SQL NULL
    }
    return out;
  }

  int count() const { return static_cast<int>(values_.size()); }
  const char* const* data() const { return values_.data(); }

 private:
  std::vector<std::string> numbers_;  // storage for int64 as decimal text
  std::vector<const char*> values_;
};

// One command of a pipeline: a prepared statement (`statement` its server-side name) with its
// parameters, or, when `statement` is empty, the parameterless `text` (BEGIN, COMMIT).
struct PipelineCommand {
  std::string statement;
  std::string_view text;
  ParamValues params;
};

class PostgresConnection final : public PooledConnection {
 public:
  static Result<std::unique_ptr<PooledConnection>> open(const std::string& conninfo);
  ~PostgresConnection() override { PQfinish(conn_); }

  PGconn* handle() const { return conn_; }
  bool healthy() const { return !broken_ && PQstatus(conn_) == CONNECTION_OK; }
  bool idle() const { return PQtransactionStatus(conn_) == PQTRANS_IDLE; }

  // Runs SQL over the simple protocol (BEGIN, COMMIT, scripts of several statements).
  Result<PgResult> exec(const std::string& sql);

  // The server-side name of the prepared statement for `sql`, prepared on first use.
  Result<std::string> statement(std::string_view sql);
  // Makes room for `count` more statements, so that none of the next `count` statement() calls
  // empties the cache (a pipeline's names must all stay valid until it has run).
  Status reserve_statements(std::size_t count);

  // Sends `commands` in one pipeline ending in one Sync (one round trip) and returns their
  // results in order, or the first command's error (the server skips the rest then). The
  // connection must be idle (no command of its own outstanding); it is again afterwards unless
  // it broke (then healthy() is false).
  Result<std::vector<PgResult>> run_pipeline(std::span<const PipelineCommand> commands);

 private:
  explicit PostgresConnection(PGconn* conn) : conn_(conn) {}

  PGconn* conn_;
  std::unordered_map<std::string, std::string, StringHash, std::equal_to<>> statements_;
  std::uint64_t statements_prepared_ = 0;  // names are never reused within a connection
  bool broken_ = false;  // a pipeline went out of step: the session's state is unknown
};

void ignore_notice(void* /*arg*/, const char* /*message*/) {
  // libpq prints NOTICEs ("relation ... already exists, skipping") to stderr by default; they
  // are expected and would only clutter the server's log.
}

Result<std::unique_ptr<PooledConnection>> PostgresConnection::open(const std::string& conninfo) {
  // dbname comes last and is expanded from the URI, so the URI's own settings win over ours.
  const char* keywords[] = {"connect_timeout", "fallback_application_name", "dbname", nullptr};
  const char* values[] = {"10", "mamon", conninfo.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (conn == nullptr) return make_error(ErrorCode::kUnavailable, "postgres: out of memory");
  std::unique_ptr<PostgresConnection> connection(new PostgresConnection(conn));
  if (!connection->healthy()) {
    return make_error(ErrorCode::kUnavailable,
                      "postgres: cannot connect: " + trimmed(PQerrorMessage(conn)));
  }
  PQsetNoticeProcessor(conn, ignore_notice, nullptr);
  Result<PgResult> set_zone = connection->exec("SET TIME ZONE 'UTC'");
  if (!set_zone.ok()) {
    return make_error(ErrorCode::kUnavailable,
                      "postgres: cannot set up the connection: " + set_zone.error().message);
  }
  return std::unique_ptr<PooledConnection>(std::move(connection));
}

Result<PgResult> PostgresConnection::exec(const std::string& sql) {
  PgResult result(PQexec(conn_, sql.c_str()));
  if (!succeeded(result.get())) return postgres_error(conn_, result.get());
  return result;
}

Status PostgresConnection::reserve_statements(std::size_t count) {
  if (statements_.size() + count <= static_cast<std::size_t>(limits::kDbStatementCacheSizeMax)) {
    return ok_status();
  }
  MAMON_TRY(PgResult deallocated, exec("DEALLOCATE ALL"));
  statements_.clear();
  return ok_status();
}

Result<std::string> PostgresConnection::statement(std::string_view sql) {
  if (auto it = statements_.find(sql); it != statements_.end()) return it->second;
  if (statements_.size() >= static_cast<std::size_t>(limits::kDbStatementCacheSizeMax)) {
    MAMON_TRY(PgResult deallocated, exec("DEALLOCATE ALL"));
    statements_.clear();
  }
  std::string name = "s";
  name += std::to_string(++statements_prepared_);
  std::string text(sql);
  // Zero parameter types: the server infers them from the SQL, as it would for literals.
  PgResult result(PQprepare(conn_, name.c_str(), text.c_str(), 0, nullptr));
  if (!succeeded(result.get())) return postgres_error(conn_, result.get());
  statements_.emplace(std::move(text), name);
  return name;
}

Result<std::vector<PgResult>> PostgresConnection::run_pipeline(
    std::span<const PipelineCommand> commands) {
  if (PQenterPipelineMode(conn_) != 1) return postgres_error(conn_, nullptr);
  bool sent = true;
  for (const PipelineCommand& command : commands) {
    const int queued =
        command.statement.empty()
            ? PQsendQueryParams(conn_, std::string(command.text).c_str(), 0, nullptr, nullptr,
                                nullptr, nullptr, 0)
            : PQsendQueryPrepared(conn_, command.statement.c_str(), command.params.count(),
                                  command.params.data(), nullptr, nullptr, 0);
    if (queued != 1) {
      sent = false;
      break;
    }
  }
  if (!sent || PQpipelineSync(conn_) != 1) {
    // Nothing or part of it went out and no Sync follows: the session's state is unknown.
    Error error = postgres_error(conn_, nullptr);
    broken_ = true;
    return make_error(ErrorCode::kUnavailable,
                      "postgres: cannot send a pipeline: " + error.message);
  }
  std::vector<PgResult> results;
  results.reserve(commands.size());
  std::optional<Error> first_error;
  // Each command's results end in a null; then comes the Sync's result. A broken connection
  // yields nulls for ever, so every wait is bounded by the number of commands.
  for (std::size_t i = 0; i < commands.size() && PQstatus(conn_) == CONNECTION_OK; ++i) {
    PgResult result(PQgetResult(conn_));
    while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);  // up to the command's null
    if (!first_error && !succeeded(result.get()) &&
        PQresultStatus(result.get()) != PGRES_PIPELINE_ABORTED) {
      first_error = postgres_error(conn_, result.get());
    }
    results.push_back(std::move(result));
  }
  if (PQstatus(conn_) != CONNECTION_OK) return postgres_error(conn_, nullptr);
  PgResult sync(PQgetResult(conn_));
  if (PQresultStatus(sync.get()) != PGRES_PIPELINE_SYNC || PQexitPipelineMode(conn_) != 1) {
    Error error = postgres_error(conn_, sync.get());
    broken_ = true;
    return make_error(ErrorCode::kUnavailable, "postgres: pipeline out of step: " + error.message);
  }
  if (first_error) return *first_error;
  return results;
}

QueryResult read_result(const PGresult* result) {
  QueryResult out;
  const int rows = PQntuples(result);
  const int columns = PQnfields(result);
  out.rows.reserve(static_cast<std::size_t>(rows));
  for (int r = 0; r < rows; ++r) {
    std::vector<Row::Cell> cells;
    cells.reserve(static_cast<std::size_t>(columns));
    for (int c = 0; c < columns; ++c) {
      if (PQgetisnull(result, r, c)) {
        cells.emplace_back(std::monostate{});
      } else {
        cells.emplace_back(std::string(PQgetvalue(result, r, c),
                                       static_cast<std::size_t>(PQgetlength(result, r, c))));
      }
    }
    out.rows.emplace_back(std::move(cells));
  }
  // PQcmdTuples also counts the rows of a SELECT; database.h (and SQLite) count changes only.
  const std::string_view command = PQcmdStatus(const_cast<PGresult*>(result));
  const char* tuples = PQcmdTuples(const_cast<PGresult*>(result));
  if (!command.starts_with("SELECT") && tuples != nullptr && *tuples != '\0') {
    out.affected_rows = std::strtoll(tuples, nullptr, 10);
  }
  return out;
}

// BEGIN is not a round trip of its own: it goes out with the transaction's first statement (a
// transaction that never runs one sends nothing at all). Deferred statements go out with the
// next query, or in one round trip before the COMMIT (their row counts are checked first, so a
// wrong count can still roll back).
class PostgresTransaction final : public Transaction, public ScriptExecutor {
 public:
  PostgresTransaction(ConnectionPool& pool, ConnectionPool::Lease lease, std::string_view begin_sql)
      : pool_(pool),
        lease_(std::move(lease)),
        connection_(&lease_.connection_as<PostgresConnection>()),
        begin_sql_(begin_sql) {}
  ~PostgresTransaction() override;

  using Transaction::query;
  Result<QueryResult> query(std::string_view sql, std::span<const Param> params) override;
  Status defer(std::string_view sql, std::span<const Param> params,
               std::int64_t expected_rows) override;
  Status commit() override;
  Backend backend() const override { return Backend::kPostgres; }
  Status execute_script(std::string_view sql) override;

 private:
  struct Deferred {
    std::string sql;
    std::vector<Param> params;
    std::int64_t expected_rows = 0;
  };

  Status check_usable() const { return state_.check_usable(); }
  Error fail(Error error);
  void roll_back();
  // Runs, in one round trip: BEGIN (unless sent), the deferred statements, then `sql` with
  // `params` if `sql` is given. Returns the last command's result (null when there was none).
  // While nothing of the transaction has reached the server, a pooled connection found dead is
  // replaced and the round trip repeated on a fresh one.
  Result<PgResult> round_trip(std::optional<std::string_view> sql, std::span<const Param> params);
  Result<PgResult> round_trip_once(std::optional<std::string_view> sql,
                                   std::span<const Param> params);

  ConnectionPool& pool_;
  ConnectionPool::Lease lease_;
  PostgresConnection* connection_;
  std::string_view begin_sql_;  // a literal
  bool begun_ = false;          // BEGIN has reached the server
  std::vector<Deferred> deferred_;
  TransactionState state_;
};

PostgresTransaction::~PostgresTransaction() {
  if (!state_.finished()) roll_back();
}

Error PostgresTransaction::fail(Error error) {
  error = state_.poison(std::move(error));
  if (error.code == ErrorCode::kUnavailable || !connection_->healthy()) lease_.discard();
  return error;
}

void PostgresTransaction::roll_back() {
  state_.finish();
  deferred_.clear();
  if (begun_ && connection_->healthy() && !connection_->idle() &&
      !connection_->exec("ROLLBACK").ok()) {
    lease_.discard();
  }
  // A connection left inside a transaction (or broken) must never serve another caller.
  if (!connection_->healthy() || !connection_->idle()) lease_.discard();
}

Result<PgResult> PostgresTransaction::round_trip(std::optional<std::string_view> sql,
                                                 std::span<const Param> params) {
  for (;;) {
    Result<PgResult> result = round_trip_once(sql, params);
    if (result.ok() || begun_ || !lease_.reused() || connection_->healthy()) return result;
    // An idle pooled connection can die unnoticed (server restart, idle timeout); nothing of
    // this transaction ran on it. Each retry closes one such connection, so this ends once the
    // pool is out of stale ones (a fresh connection is not reused()).
    lease_.discard();
    lease_.release();
    MAMON_TRY(ConnectionPool::Lease fresh, pool_.acquire());
    lease_ = std::move(fresh);
    connection_ = &lease_.connection_as<PostgresConnection>();
  }
}

Result<PgResult> PostgresTransaction::round_trip_once(std::optional<std::string_view> sql,
                                                      std::span<const Param> params) {
  std::vector<PipelineCommand> commands;
  commands.reserve(deferred_.size() + 2);
  MAMON_RETURN_IF_ERROR(connection_->reserve_statements(deferred_.size() + 1));
  if (!begun_) commands.push_back(PipelineCommand{{}, begin_sql_, {}});
  for (const Deferred& statement : deferred_) {
    MAMON_TRY(std::string name, connection_->statement(statement.sql));
    MAMON_TRY(ParamValues values, ParamValues::of(statement.params));
    commands.push_back(PipelineCommand{std::move(name), {}, std::move(values)});
  }
  if (sql) {
    MAMON_TRY(std::string name, connection_->statement(*sql));
    MAMON_TRY(ParamValues values, ParamValues::of(params));
    commands.push_back(PipelineCommand{std::move(name), {}, std::move(values)});
  }
  if (commands.empty()) return PgResult();
  Result<std::vector<PgResult>> results = [&]() -> Result<std::vector<PgResult>> {
    const PipelineCommand& only = commands.front();
    if (commands.size() > 1 || only.statement.empty()) return connection_->run_pipeline(commands);
    // One prepared statement: the plain protocol, without the pipeline's bookkeeping.
    PgResult result(PQexecPrepared(connection_->handle(), only.statement.c_str(),
                                   only.params.count(), only.params.data(), nullptr, nullptr,
                                   /*resultFormat=text*/ 0));
    if (!succeeded(result.get())) return postgres_error(connection_->handle(), result.get());
    std::vector<PgResult> one;
    one.push_back(std::move(result));
    return one;
  }();
  const std::size_t first_deferred = begun_ ? 0 : 1;
  // On a live connection the BEGIN has run even when a statement after it failed: the rollback
  // must then end the transaction so that the connection can go back to the pool.
  if (connection_->healthy()) begun_ = true;
  if (!results.ok()) return results.error();
  for (std::size_t i = 0; i < deferred_.size(); ++i) {
    const std::int64_t changed = read_result(results->at(first_deferred + i).get()).affected_rows;
    if (changed != deferred_[i].expected_rows) {
      return deferred_row_count_error(deferred_[i].sql, changed, deferred_[i].expected_rows);
    }
  }
  deferred_.clear();
  if (!sql) return PgResult();
  return std::move(results->back());
}

Result<QueryResult> PostgresTransaction::query(std::string_view sql,
                                               std::span<const Param> params) {
  MAMON_RETURN_IF_ERROR(check_usable());
  Result<PgResult> result = round_trip(sql, params);
  if (!result.ok()) return fail(result.error());
  return read_result(result->get());
}

Status PostgresTransaction::defer(std::string_view sql, std::span<const Param> params,
                                  std::int64_t expected_rows) {
  MAMON_RETURN_IF_ERROR(check_usable());
  if (params.size() > kParamsMax) {  // refused now, where the caller still knows which statement
    return fail(make_error(ErrorCode::kInternal, "postgres: too many parameters"));
  }
  deferred_.push_back(
      Deferred{std::string(sql), std::vector<Param>(params.begin(), params.end()), expected_rows});
  // A bound on what waits in memory; in practice a use case defers a handful.
  if (deferred_.size() >= static_cast<std::size_t>(limits::kDbDeferredStatementsMax)) {
    Result<PgResult> ran = round_trip(std::nullopt, {});
    if (!ran.ok()) return fail(ran.error());
  }
  return ok_status();
}

Status PostgresTransaction::commit() {
  if (Status usable = check_usable(); !usable.ok()) {
    roll_back();
    return usable;
  }
  if (!begun_ && deferred_.empty()) {  // nothing reached the server: nothing to commit
    state_.finish();
    return ok_status();
  }
  if (!deferred_.empty()) {
    // Their row counts must be known before the COMMIT (a wrong one still rolls back).
    if (Result<PgResult> ran = round_trip(std::nullopt, {}); !ran.ok()) {
      Error error = fail(ran.error());
      roll_back();
      return error;
    }
  }
  Result<PgResult> committed = connection_->exec("COMMIT");
  state_.finish();
  if (!committed.ok()) {
    Error error = committed.error();
    roll_back();  // the server has ended the transaction unless the connection died
    return error;
  }
  // COMMIT of a transaction the server had already aborted reports ROLLBACK, not an error.
  if (std::strcmp(PQcmdStatus(committed->get()), "COMMIT") != 0) {
    return make_error(ErrorCode::kInternal, "postgres: the server rolled the transaction back");
  }
  return ok_status();
}

Status PostgresTransaction::execute_script(std::string_view sql) {
  MAMON_RETURN_IF_ERROR(check_usable());
  if (Result<PgResult> ran = round_trip(std::nullopt, {}); !ran.ok()) return fail(ran.error());
  Result<PgResult> result = connection_->exec(std::string(sql));
  if (!result.ok()) return fail(result.error());
  return ok_status();
}

class PostgresDatabase final : public Database {
 public:
  PostgresDatabase(const std::string& conninfo, const DatabaseOptions& options)
      : pool_(options.pool_size, options.pool_wait_ms,
              [conninfo] { return PostgresConnection::open(conninfo); }) {}

  // Takes a connection; BEGIN goes out with the transaction's first statement.
  Result<std::unique_ptr<Transaction>> begin(TxMode mode) override {
    const std::string_view sql = mode == TxMode::kRead ? "BEGIN READ ONLY" : "BEGIN";
    MAMON_TRY(ConnectionPool::Lease lease, pool_.acquire());
    return std::unique_ptr<Transaction>(
        std::make_unique<PostgresTransaction>(pool_, std::move(lease), sql));
  }

  Backend backend() const override { return Backend::kPostgres; }
  PoolStats pool_stats() const override { return pool_.stats(); }

  // Opens one connection and puts it in the pool, so that a bad server fails at open time.
  Status open_first_connection() {
    Result<ConnectionPool::Lease> lease = pool_.acquire();
    if (!lease.ok()) return lease.error();
    return ok_status();
  }

 private:
  ConnectionPool pool_;
};

}  // namespace

Result<std::unique_ptr<Database>> open_postgres_database(const std::string& conninfo,
                                                         const DatabaseOptions& options) {
  auto database = std::make_unique<PostgresDatabase>(conninfo, options);
  MAMON_RETURN_IF_ERROR(database->open_first_connection());
  return std::unique_ptr<Database>(std::move(database));
}

}  // namespace mamon::storage
