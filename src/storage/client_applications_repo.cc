#include "storage/client_applications_repo.h"

#include "storage/repo_rows.h"

namespace mamon::storage {
namespace {

#define MAMON_CLIENT_COLUMNS                                                              \
  "c.id, c.identifier, c.name, c.user_id, u.username, c.created_at_us, c.revoked_at_us, " \
  "c.last_used_at_us"

ClientApplicationRow client_from_row(const Row& row) {
  ClientApplicationRow c;
  c.id = row.get_int(0);
  c.identifier = row.get_text(1);
  c.name = row.get_text(2);
  c.user_id = row.get_int(3);
  c.username = row.get_text(4);
  c.created_at_us = row.get_int(5);
  c.revoked_at_us = row.get_opt_int(6);
  c.last_used_at_us = row.get_opt_int(7);
  return c;
}

Result<ClientApplicationRow> with_paths(Transaction& tx, ClientApplicationRow row) {
  MAMON_TRY(row.paths, client_application_paths(tx, row.id));
  return row;
}

Error not_found() {
  return make_error(ErrorCode::kNotFound, "Unknown client application.");
}

}  // namespace

Result<std::vector<ClientApplicationRow>> list_client_application_rows(Transaction& tx) {
  MAMON_TRY(QueryResult result,
            tx.query("SELECT " MAMON_CLIENT_COLUMNS
                     " FROM client_applications c JOIN users u ON u.id = c.user_id "
                     "ORDER BY c.id DESC"));
  std::vector<ClientApplicationRow> out;
  for (const Row& row : result.rows) {
    MAMON_TRY(ClientApplicationRow c, with_paths(tx, client_from_row(row)));
    out.push_back(std::move(c));
  }
  return out;
}

Result<ClientApplicationRow> find_client_application_row(Transaction& tx, std::int64_t id) {
  MAMON_TRY(Row row, rows::single_row(tx.query("SELECT " MAMON_CLIENT_COLUMNS
                                               " FROM client_applications c JOIN users u ON "
                                               "u.id = c.user_id WHERE c.id = $1",
                                               {id}),
                                      not_found()));
  return with_paths(tx, client_from_row(row));
}

Result<ClientApplicationRow> find_client_application_row_by_identifier(
    Transaction& tx, std::string_view identifier) {
  MAMON_TRY(Row row, rows::single_row(tx.query("SELECT " MAMON_CLIENT_COLUMNS
                                               " FROM client_applications c JOIN users u ON "
                                               "u.id = c.user_id WHERE c.identifier = $1",
                                               {std::string(identifier)}),
                                      not_found()));
  return with_paths(tx, client_from_row(row));
}

Result<std::vector<std::string>> client_application_paths(Transaction& tx, std::int64_t id) {
  MAMON_TRY(QueryResult result, tx.query("SELECT pattern FROM client_application_paths WHERE "
                                         "client_application_id = $1 ORDER BY position",
                                         {id}));
  std::vector<std::string> out;
  for (const Row& row : result.rows) out.push_back(row.get_text(0));
  return out;
}

Status replace_client_application_paths(Transaction& tx, std::int64_t id,
                                        const std::vector<std::string>& paths) {
  MAMON_RETURN_IF_ERROR(
      tx.query("DELETE FROM client_application_paths WHERE client_application_id = $1", {id}));
  std::int64_t position = 0;
  for (const std::string& pattern : paths) {
    MAMON_RETURN_IF_ERROR(
        tx.query("INSERT INTO client_application_paths (client_application_id, "
                 "position, pattern) VALUES ($1, $2, $3)",
                 {id, position++, pattern}));
  }
  return ok_status();
}

Result<bool> revoke_client_application(Transaction& tx, std::int64_t id, TimestampUs at_us) {
  MAMON_TRY(QueryResult result, tx.query("UPDATE client_applications SET revoked_at_us = $2 "
                                         "WHERE id = $1 AND revoked_at_us IS NULL",
                                         {id, at_us}));
  return result.affected_rows > 0;
}

Result<bool> record_client_application_use(Transaction& tx, std::string_view identifier,
                                           TimestampUs at_us, TimestampUs written_before_us) {
  MAMON_TRY(QueryResult result,
            tx.query("UPDATE client_applications SET last_used_at_us = $2 WHERE identifier = $1 "
                     "AND (last_used_at_us IS NULL OR last_used_at_us <= $3)",
                     {std::string(identifier), at_us, written_before_us}));
  return result.affected_rows > 0;
}

}  // namespace mamon::storage
