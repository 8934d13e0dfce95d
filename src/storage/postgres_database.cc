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

class PostgresConnection final : public PooledConnection {
 public:
  static Result<std::unique_ptr<PooledConnection>> open(const std::string& conninfo);
  ~PostgresConnection() override { PQfinish(conn_); }

  PGconn* handle() const { return conn_; }
  bool healthy() const { return PQstatus(conn_) == CONNECTION_OK; }
  bool idle() const { return PQtransactionStatus(conn_) == PQTRANS_IDLE; }

  // Runs SQL over the simple protocol (BEGIN, COMMIT, scripts of several statements).
  Result<PgResult> exec(const std::string& sql);

  // The server-side name of the prepared statement for `sql`, prepared on first use.
  Result<std::string> statement(std::string_view sql);

 private:
  explicit PostgresConnection(PGconn* conn) : conn_(conn) {}

  PGconn* conn_;
  std::unordered_map<std::string, std::string, StringHash, std::equal_to<>> statements_;
  std::uint64_t statements_prepared_ = 0;  // names are never reused within a connection
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

class PostgresTransaction final : public Transaction, public ScriptExecutor {
 public:
  explicit PostgresTransaction(ConnectionPool::Lease lease)
      : lease_(std::move(lease)), connection_(lease_.connection_as<PostgresConnection>()) {}
  ~PostgresTransaction() override;

  using Transaction::query;
  Result<QueryResult> query(std::string_view sql, std::span<const Param> params) override;
  Status commit() override;
  Backend backend() const override { return Backend::kPostgres; }
  Status execute_script(std::string_view sql) override;

 private:
  Status check_usable() const { return state_.check_usable(); }
  Error fail(Error error);
  void roll_back();

  ConnectionPool::Lease lease_;
  PostgresConnection& connection_;
  TransactionState state_;
};

PostgresTransaction::~PostgresTransaction() {
  if (!state_.finished()) roll_back();
}

Error PostgresTransaction::fail(Error error) {
  error = state_.poison(std::move(error));
  if (error.code == ErrorCode::kUnavailable || !connection_.healthy()) lease_.discard();
  return error;
}

void PostgresTransaction::roll_back() {
  state_.finish();
  if (connection_.healthy() && !connection_.idle() && !connection_.exec("ROLLBACK").ok()) {
    lease_.discard();
  }
  // A connection left inside a transaction (or broken) must never serve another caller.
  if (!connection_.healthy() || !connection_.idle()) lease_.discard();
}

Result<QueryResult> PostgresTransaction::query(std::string_view sql,
                                               std::span<const Param> params) {
  MAMON_RETURN_IF_ERROR(check_usable());
  Result<std::string> name = connection_.statement(sql);
  if (!name.ok()) return fail(name.error());
  if (params.size() > 65535) {  // the wire protocol's limit
    return fail(make_error(ErrorCode::kInternal, "postgres: too many parameters"));
  }
  std::vector<std::string> numbers(params.size());  // storage for int64 as decimal text
  std::vector<const char*> values(params.size(), nullptr);
  for (std::size_t i = 0; i < params.size(); ++i) {
    const Param& param = params[i];
    if (const auto* value = std::get_if<std::int64_t>(&param)) {
      numbers[i] = std::to_string(*value);
      values[i] = numbers[i].c_str();
    } else if (const auto* text = std::get_if<std::string>(&param)) {
      // Text parameters are C strings on the wire; a NUL would silently cut the value short.
      if (text->find('\0') != std::string::npos) {
        return fail(make_error(ErrorCode::kInvalidInput, "postgres: text contains a NUL byte"));
      }
      values[i] = text->c_str();
    } else if (const auto* flag = std::get_if<bool>(&param)) {
      values[i] = *flag ? "t" : "f";
    }  // nullptr_t stays a null pointer: SQL NULL
  }
  PgResult result(PQexecPrepared(connection_.handle(), name->c_str(),
                                 static_cast<int>(params.size()), values.data(), nullptr, nullptr,
                                 /*resultFormat=text*/ 0));
  if (!succeeded(result.get())) return fail(postgres_error(connection_.handle(), result.get()));
  return read_result(result.get());
}

Status PostgresTransaction::commit() {
  if (Status usable = check_usable(); !usable.ok()) {
    roll_back();
    return usable;
  }
  Result<PgResult> committed = connection_.exec("COMMIT");
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
  Result<PgResult> result = connection_.exec(std::string(sql));
  if (!result.ok()) return fail(result.error());
  return ok_status();
}

class PostgresDatabase final : public Database {
 public:
  PostgresDatabase(const std::string& conninfo, const DatabaseOptions& options)
      : pool_(options.pool_size, options.pool_wait_ms,
              [conninfo] { return PostgresConnection::open(conninfo); }) {}

  Result<std::unique_ptr<Transaction>> begin(TxMode mode) override {
    const std::string sql = mode == TxMode::kRead ? "BEGIN READ ONLY" : "BEGIN";
    for (;;) {
      MAMON_TRY(ConnectionPool::Lease lease, pool_.acquire());
      auto& connection = lease.connection_as<PostgresConnection>();
      Result<PgResult> begun = connection.exec(sql);
      if (begun.ok()) {
        return std::unique_ptr<Transaction>(
            std::make_unique<PostgresTransaction>(std::move(lease)));
      }
      if (!connection.healthy() || !connection.idle()) lease.discard();
      // An idle pooled connection can die unnoticed (server restart, idle timeout). Each retry
      // closes one such connection, so this ends once the pool is out of stale ones.
      if (!(lease.reused() && !connection.healthy())) return begun.error();
    }
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
