#include "storage/users_admin_repo.h"

#include "storage/repo_rows.h"

namespace mamon::storage {
namespace {

// users u, holders h (LEFT), personnel p (LEFT): 12 + 2 + 5 columns.
#define MAMON_MANAGED_USER_SELECT                                                   \
  "SELECT " MAMON_USER_COLUMNS ", h.id, h.ledenbase_id, " MAMON_PERSONNEL_COLUMNS   \
  " FROM users u LEFT JOIN holders h ON h.user_id = u.id LEFT JOIN personnel p ON " \
  "p.user_id = u.id "

// For LIKE ... ESCAPE '\': the search text taken literally.
std::string like_pattern(std::string_view search) {
  std::string out = "%";
  for (char c : search) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out + "%";
}

Result<ManagedUserRow> managed_from_row(Transaction& tx, const Row& row) {
  ManagedUserRow out;
  out.user = rows::user_from_row(row, 0);
  const std::size_t h = rows::kUserColumnCount;
  out.holder_id = row.get_opt_int(h);
  out.ledenbase_id = row.get_opt_int(h + 1);
  out.personnel = rows::optional_personnel_from_row(row, h + 2);
  MAMON_TRY(QueryResult groups, tx.query("SELECT g.id, g.name FROM user_groups ug JOIN groups g "
                                         "ON g.id = ug.group_id WHERE ug.user_id = $1 ORDER BY "
                                         "g.name",
                                         {out.user.id}));
  for (const Row& g : groups.rows) out.groups.push_back({g.get_int(0), g.get_text(1)});
  return out;
}

}  // namespace

Result<std::vector<ManagedUserRow>> list_managed_users(Transaction& tx, std::string_view search,
                                                       std::int64_t limit) {
  MAMON_TRY(QueryResult result,
            tx.query(MAMON_MANAGED_USER_SELECT
                     "WHERE u.is_system = $1 AND (lower(u.username) LIKE $2 ESCAPE '\\' OR "
                     "lower(u.first_name) LIKE $2 ESCAPE '\\' OR lower(u.last_name) LIKE $2 "
                     "ESCAPE '\\' OR lower(u.email) LIKE $2 ESCAPE '\\') ORDER BY u.username "
                     "LIMIT $3",
                     {false, like_pattern(search), limit}));
  std::vector<ManagedUserRow> out;
  for (const Row& row : result.rows) {
    MAMON_TRY(ManagedUserRow user, managed_from_row(tx, row));
    out.push_back(std::move(user));
  }
  return out;
}

Result<ManagedUserRow> find_managed_user(Transaction& tx, std::int64_t user_id) {
  MAMON_TRY(Row row, rows::single_row(
                         tx.query(MAMON_MANAGED_USER_SELECT "WHERE u.id = $1 AND u.is_system = $2",
                                  {user_id, false}),
                         make_error(ErrorCode::kNotFound, "Unknown user.")));
  return managed_from_row(tx, row);
}

Status update_user_fields(Transaction& tx, std::int64_t user_id, const UserFields& fields) {
  MAMON_TRY(QueryResult result,
            tx.query("UPDATE users SET first_name = $2, last_name = $3, email = $4, is_active = "
                     "$5, is_superuser = $6 WHERE id = $1",
                     {user_id, fields.first_name, fields.last_name, fields.email, fields.is_active,
                      fields.is_superuser}));
  if (result.affected_rows == 0) return make_error(ErrorCode::kNotFound, "Unknown user.");
  return ok_status();
}

Status set_holder_ledenbase_id(Transaction& tx, std::int64_t user_id,
                               std::optional<std::int64_t> ledenbase_id) {
  MAMON_RETURN_IF_ERROR(tx.query("UPDATE holders SET ledenbase_id = $2 WHERE user_id = $1",
                                 {user_id, param_or_null(ledenbase_id)}));
  return ok_status();
}

Status set_user_group_ids(Transaction& tx, std::int64_t user_id,
                          const std::vector<std::int64_t>& group_ids) {
  MAMON_RETURN_IF_ERROR(tx.query("DELETE FROM user_groups WHERE user_id = $1", {user_id}));
  for (std::int64_t group_id : group_ids) {
    MAMON_RETURN_IF_ERROR(tx.query("INSERT INTO user_groups (user_id, group_id) VALUES ($1, $2)",
                                   {user_id, group_id}));
  }
  return ok_status();
}

Result<std::int64_t> count_active_superusers(Transaction& tx) {
  return rows::single_int(
      tx.query("SELECT COUNT(*) FROM users WHERE is_superuser = $1 AND "
               "is_active = $1 AND is_system = $2",
               {true, false}));
}

Result<std::int64_t> delete_user_web_sessions(Transaction& tx, std::int64_t user_id) {
  MAMON_TRY(QueryResult result, tx.query("DELETE FROM web_sessions WHERE user_id = $1", {user_id}));
  return result.affected_rows;
}

Result<std::int64_t> revoke_user_refresh_tokens(Transaction& tx, std::int64_t user_id,
                                                TimestampUs at_us) {
  MAMON_TRY(QueryResult result, tx.query("UPDATE refresh_tokens SET revoked_at_us = $2 WHERE "
                                         "user_id = $1 AND revoked_at_us IS NULL",
                                         {user_id, at_us}));
  return result.affected_rows;
}

Result<std::vector<GroupRow>> list_groups(Transaction& tx) {
  MAMON_TRY(QueryResult result, tx.query("SELECT id, name FROM groups ORDER BY name"));
  std::vector<GroupRow> out;
  for (const Row& row : result.rows) out.push_back({row.get_int(0), row.get_text(1)});
  return out;
}

Result<std::int64_t> insert_group(Transaction& tx, std::string_view name) {
  return rows::single_int(
      tx.query("INSERT INTO groups (name) VALUES ($1) RETURNING id", {std::string(name)}));
}

Status rename_group(Transaction& tx, std::int64_t group_id, std::string_view name) {
  MAMON_TRY(QueryResult result,
            tx.query("UPDATE groups SET name = $2 WHERE id = $1", {group_id, std::string(name)}));
  if (result.affected_rows == 0) return make_error(ErrorCode::kNotFound, "Unknown group.");
  return ok_status();
}

Result<std::vector<domain::User>> group_members(Transaction& tx, std::int64_t group_id) {
  MAMON_TRY(QueryResult result,
            tx.query("SELECT " MAMON_USER_COLUMNS
                     " FROM users u JOIN user_groups ug ON ug.user_id = u.id WHERE ug.group_id = "
                     "$1 AND u.is_system = $2 ORDER BY u.username",
                     {group_id, false}));
  std::vector<domain::User> out;
  for (const Row& row : result.rows) out.push_back(rows::user_from_row(row, 0));
  return out;
}

Result<std::vector<PersonnelRow>> list_personnel_rows(Transaction& tx) {
  MAMON_TRY(QueryResult result,
            tx.query("SELECT " MAMON_PERSONNEL_COLUMNS ", " MAMON_USER_COLUMNS
                     " FROM personnel p JOIN users u ON u.id = p.user_id ORDER BY p.nickname, "
                     "u.username"));
  std::vector<PersonnelRow> out;
  for (const Row& row : result.rows) {
    out.push_back(
        {rows::personnel_from_row(row, 0), rows::user_from_row(row, rows::kPersonnelColumnCount)});
  }
  return out;
}

Status update_personnel_fields(Transaction& tx, std::int64_t personnel_id,
                               const PersonnelFields& fields) {
  MAMON_TRY(QueryResult result,
            tx.query("UPDATE personnel SET nickname = $2, image = $3, active = $4 WHERE id = $1",
                     {personnel_id, fields.nickname, fields.image, fields.active}));
  if (result.affected_rows == 0) return make_error(ErrorCode::kNotFound, "Unknown personnel.");
  return ok_status();
}

}  // namespace mamon::storage
