#include "storage/id_sequences.h"

#include <string>

namespace mamon::storage {
namespace {

// Table names come from the catalogue, not from users; quoting still keeps names such as
// "groups" (a keyword since PostgreSQL 11) and any mixed-case name intact.
std::string quote_identifier(const std::string& name) {
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

Status reset_postgres_sequences(Transaction& tx) {
  MAMON_TRY(QueryResult tables,
            tx.query("SELECT table_name FROM information_schema.columns"
                     " WHERE table_schema = current_schema() AND column_name = 'id'"
                     " AND is_identity = 'YES' ORDER BY table_name"));
  for (const Row& row : tables.rows) {
    const std::string table = quote_identifier(row.get_text(0));
    // The table name is an identifier and cannot be a parameter of FROM; it is passed to
    // pg_get_serial_sequence as a parameter, which parses it like SQL would.
    const std::string sql =
        "SELECT setval(pg_get_serial_sequence($1, 'id'),"
        " COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM " +
        table;
    MAMON_RETURN_IF_ERROR(tx.query(sql, {table}));
  }
  return ok_status();
}

}  // namespace

Status reset_id_sequences(Transaction& tx) {
  switch (tx.backend()) {
    case Backend::kSqlite:
      return ok_status();
    case Backend::kPostgres:
      return reset_postgres_sequences(tx);
  }
  MAMON_CHECK(false);
  return ok_status();
}

}  // namespace mamon::storage
