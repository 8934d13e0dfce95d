#include "storage/auth_repo.h"

#include "storage/repo_rows.h"

namespace mamon::storage {

Status insert_refresh_token(Transaction& tx, std::string_view jti, std::int64_t user_id,
                            TimestampUs expires_at_us, TimestampUs created_at_us,
                            std::string_view family_jti,
                            std::optional<std::string_view> parent_jti) {
  const Param parent = parent_jti ? Param(std::string(*parent_jti)) : Param(nullptr);
  MAMON_TRY(QueryResult result,
            tx.query("INSERT INTO refresh_tokens (jti, user_id, expires_at_us, created_at_us, "
                     "family_jti, parent_jti) VALUES ($1, $2, $3, $4, $5, $6)",
                     {std::string(jti), user_id, expires_at_us, created_at_us,
                      std::string(family_jti), parent}));
  (void)result;
  return ok_status();
}

Result<RefreshTokenUse> use_refresh_token(Transaction& tx, std::string_view jti,
                                          std::int64_t user_id, TimestampUs now_us) {
  using Outcome = RefreshTokenUse::Outcome;
  MAMON_TRY(std::optional<Row> rotated,
            rows::optional_row(tx.query(
                "UPDATE refresh_tokens SET used_at_us = $1 WHERE jti = $2 AND user_id = $3 AND "
                "used_at_us IS NULL AND revoked_at_us IS NULL RETURNING family_jti",
                {now_us, std::string(jti), user_id})));
  if (rotated) return RefreshTokenUse{Outcome::kRotated, rotated->get_text(0)};
  MAMON_TRY(std::optional<Row> row,
            rows::optional_row(tx.query("SELECT family_jti, used_at_us FROM refresh_tokens "
                                        "WHERE jti = $1 AND user_id = $2",
                                        {std::string(jti), user_id})));
  if (row && row->get_opt_int(1)) return RefreshTokenUse{Outcome::kReused, row->get_text(0)};
  return RefreshTokenUse{};
}

Result<std::int64_t> revoke_refresh_token_family(Transaction& tx, std::string_view family_jti,
                                                 TimestampUs now_us) {
  MAMON_TRY(QueryResult result, tx.query("UPDATE refresh_tokens SET revoked_at_us = $1 "
                                         "WHERE family_jti = $2 AND revoked_at_us IS NULL",
                                         {now_us, std::string(family_jti)}));
  return result.affected_rows;
}

Result<std::int64_t> insert_client_application(Transaction& tx, std::string_view identifier,
                                               std::string_view name, std::int64_t user_id,
                                               TimestampUs created_at_us) {
  return rows::single_int(
      tx.query("INSERT INTO client_applications (identifier, name, user_id, created_at_us) "
               "VALUES ($1, $2, $3, $4) RETURNING id",
               {std::string(identifier), std::string(name), user_id, created_at_us}));
}

Result<ClientApplication> find_client_application(Transaction& tx, std::string_view identifier) {
  MAMON_TRY(Row row, rows::single_row(
                         tx.query("SELECT id, identifier, name, user_id, created_at_us, "
                                  "revoked_at_us FROM client_applications WHERE identifier = $1",
                                  {std::string(identifier)}),
                         make_error(ErrorCode::kNotFound, "Unknown client application.")));
  ClientApplication app;
  app.id = row.get_int(0);
  app.identifier = row.get_text(1);
  app.name = row.get_text(2);
  app.user_id = row.get_int(3);
  app.created_at_us = row.get_int(4);
  app.revoked_at_us = row.get_opt_int(5);
  return app;
}

}  // namespace mamon::storage
