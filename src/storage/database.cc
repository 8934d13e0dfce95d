// The backend-neutral parts of database.h: row accessors, DATABASE_URL parsing and open_database().
#include "storage/database.h"

#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <string>

#include "base/limits.h"
#include "storage/postgres_database.h"
#include "storage/sqlite_database.h"
#include "storage/transaction_state.h"

namespace mamon::storage {

// --- Row ---------------------------------------------------------------------------------------

bool Row::is_null(std::size_t i) const {
  MAMON_CHECK(i < cells_.size());
  return std::holds_alternative<std::monostate>(cells_[i]);
}

std::int64_t Row::get_int(std::size_t i) const {
  MAMON_CHECK(i < cells_.size());
  const Cell& cell = cells_[i];
  if (const auto* value = std::get_if<std::int64_t>(&cell)) return *value;
  const auto* text = std::get_if<std::string>(&cell);
  MAMON_CHECK_MSG(text != nullptr, "get_int on NULL");
  // PostgreSQL sends every value as text; anything but a plain decimal integer is a query bug.
  std::int64_t value = 0;
  const char* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, value);
  MAMON_CHECK_MSG(ec == std::errc() && ptr == end && !text->empty(), "get_int on non-integer text");
  return value;
}

std::string Row::get_text(std::size_t i) const {
  MAMON_CHECK(i < cells_.size());
  const Cell& cell = cells_[i];
  if (const auto* text = std::get_if<std::string>(&cell)) return *text;
  const auto* value = std::get_if<std::int64_t>(&cell);
  MAMON_CHECK_MSG(value != nullptr, "get_text on NULL");
  // SQLite hands back integers for numeric expressions (count(*), ids); PostgreSQL gives text.
  // Converting keeps callers backend-neutral.
  return std::to_string(*value);
}

bool Row::get_bool(std::size_t i) const {
  MAMON_CHECK(i < cells_.size());
  const Cell& cell = cells_[i];
  if (const auto* value = std::get_if<std::int64_t>(&cell)) {
    MAMON_CHECK_MSG(*value == 0 || *value == 1, "get_bool on an integer other than 0/1");
    return *value == 1;
  }
  const auto* text = std::get_if<std::string>(&cell);
  MAMON_CHECK_MSG(text != nullptr, "get_bool on NULL");
  if (*text == "t" || *text == "true" || *text == "1") return true;
  if (*text == "f" || *text == "false" || *text == "0") return false;
  MAMON_CHECK_MSG(false, "get_bool on text that is not a boolean");
  return false;
}

std::optional<std::int64_t> Row::get_opt_int(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return get_int(i);
}

std::optional<std::string> Row::get_opt_text(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return get_text(i);
}

// --- Transaction -------------------------------------------------------------------------------

Error deferred_row_count_error(std::string_view sql, std::int64_t changed, std::int64_t expected) {
  constexpr std::size_t kQuoted = 60;  // enough to name the statement in a log line
  return make_error(ErrorCode::kInternal,
                    "a deferred statement changed " + std::to_string(changed) + " rows, not " +
                        std::to_string(expected) + ": " +
                        std::string(sql.substr(0, std::min(sql.size(), kQuoted))));
}

Status Transaction::defer(std::string_view sql, std::span<const Param> params,
                          std::int64_t expected_rows) {
  MAMON_TRY(QueryResult result, query(sql, params));
  if (result.affected_rows != expected_rows) {
    return deferred_row_count_error(sql, result.affected_rows, expected_rows);
  }
  return ok_status();
}

// --- DATABASE_URL ------------------------------------------------------------------------------

namespace {

constexpr std::string_view kSqlitePrefix = "sqlite://";

Error bad_url(std::string reason) {
  // Never echo the URL itself: it may carry a password.
  return make_error(ErrorCode::kInvalidInput, "DATABASE_URL: " + std::move(reason), "DATABASE_URL");
}

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Lets libpq judge the URI (ports, percent-encoding, query parameters) without connecting, so a
// typo fails at start-up with libpq's own words rather than at the first request.
Status check_conninfo(const std::string& conninfo) {
  char* message = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &message);
  if (options == nullptr) {
    std::string reason = message != nullptr ? message : "out of memory";
    if (message != nullptr) PQfreemem(message);
    while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' ')) reason.pop_back();
    return bad_url("not a valid PostgreSQL URL: " + reason);
  }
  PQconninfoFree(options);
  return ok_status();
}

}  // namespace

Result<DatabaseUrl> parse_database_url(std::string_view url) {
  if (url.empty()) return bad_url("empty");
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) {
    return bad_url(
        "expected scheme://..., e.g. sqlite:///path/mamon.sqlite3 or postgres://host/db");
  }
  const std::string scheme = lower_ascii(url.substr(0, scheme_end));
  const std::string_view rest = url.substr(scheme_end + 3);
  DatabaseUrl parsed;
  if (scheme == "sqlite") {
    // The Django/SQLAlchemy convention our users know: the empty host is followed by the path,
    // so sqlite:///var/mamon.sqlite3 -> "var/mamon.sqlite3" (relative) and
    // sqlite:////var/lib/mamon.sqlite3 -> "/var/lib/mamon.sqlite3" (absolute); sqlite://:memory:.
    parsed.backend = Backend::kSqlite;
    if (rest == ":memory:" || rest == "/:memory:") {
      parsed.sqlite_path = ":memory:";
      return parsed;
    }
    if (rest.empty() || rest.front() != '/') {
      return bad_url("use sqlite:///relative/path or sqlite:////absolute/path");
    }
    const std::string_view path = rest.substr(1);
    if (path.empty() || path == "/") return bad_url("sqlite:/// needs a file path or :memory:");
    parsed.sqlite_path = std::string(path);
    return parsed;
  }
  if (scheme == "postgres" || scheme == "postgresql") {
    if (rest.empty()) return bad_url("postgres:// needs at least a host or a database name");
    parsed.backend = Backend::kPostgres;
    // libpq reads both schemes; normalising keeps the conninfo one spelling.
    parsed.postgres_conninfo = "postgresql://" + std::string(rest);
    MAMON_RETURN_IF_ERROR(check_conninfo(parsed.postgres_conninfo));
    return parsed;
  }
  return bad_url("unsupported scheme '" + scheme + "' (use sqlite or postgres)");
}

// --- open_database -----------------------------------------------------------------------------

Result<std::unique_ptr<Database>> open_database(std::string_view url,
                                                const DatabaseOptions& options) {
  if (options.pool_size < 1 || options.pool_size > limits::kDbPoolSizeMax) {
    return make_error(ErrorCode::kInvalidInput,
                      "database pool size must be 1.." + std::to_string(limits::kDbPoolSizeMax));
  }
  if (options.pool_wait_ms < 0) {
    return make_error(ErrorCode::kInvalidInput, "database pool wait must not be negative");
  }
  MAMON_TRY(DatabaseUrl parsed, parse_database_url(url));
  switch (parsed.backend) {
    case Backend::kSqlite:
      return open_sqlite_database(parsed.sqlite_path, options);
    case Backend::kPostgres:
      return open_postgres_database(parsed.postgres_conninfo, options);
  }
  MAMON_CHECK(false);
  return make_error(ErrorCode::kInternal, "unknown backend");
}

}  // namespace mamon::storage
