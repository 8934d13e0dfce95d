#include "storage/users_repo.h"

#include "storage/repo_rows.h"

namespace mamon::storage {
namespace {

Error user_not_found(std::string_view what) {
  std::string message = "User ";
  message.append(what).append(" does not exist.");
  return make_error(ErrorCode::kNotFound, std::move(message));
}

}  // namespace

Result<std::int64_t> insert_user(Transaction& tx, const NewUser& u) {
  return rows::single_int(tx.query(
      "INSERT INTO users (username, password_hash, first_name, last_name, email, is_active, "
      "is_superuser, is_staff, is_system, date_joined_at_us) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
      {u.username, u.password_hash, u.first_name, u.last_name, u.email, u.is_active, u.is_superuser,
       u.is_staff, u.is_system, u.date_joined_at_us}));
}

Result<domain::User> find_user(Transaction& tx, std::int64_t user_id) {
  MAMON_TRY(Row row,
            rows::single_row(
                tx.query("SELECT " MAMON_USER_COLUMNS " FROM users u WHERE u.id = $1", {user_id}),
                user_not_found(std::to_string(user_id))));
  return rows::user_from_row(row, 0);
}

Result<domain::User> find_user_by_username(Transaction& tx, std::string_view username) {
  MAMON_TRY(Row row, rows::single_row(tx.query("SELECT " MAMON_USER_COLUMNS
                                               " FROM users u WHERE u.username = $1",
                                               {std::string(username)}),
                                      user_not_found(username)));
  return rows::user_from_row(row, 0);
}

Status set_user_password_hash(Transaction& tx, std::int64_t user_id, std::string_view hash) {
  MAMON_TRY(QueryResult r, tx.query("UPDATE users SET password_hash = $1 WHERE id = $2",
                                    {std::string(hash), user_id}));
  if (r.affected_rows != 1) return user_not_found(std::to_string(user_id));
  return ok_status();
}

Status set_user_last_login(Transaction& tx, std::int64_t user_id, TimestampUs at_us) {
  MAMON_TRY(QueryResult r,
            tx.query("UPDATE users SET last_login_at_us = $1 WHERE id = $2", {at_us, user_id}));
  if (r.affected_rows != 1) return user_not_found(std::to_string(user_id));
  return ok_status();
}

Result<std::int64_t> ensure_group(Transaction& tx, std::string_view name) {
  MAMON_RETURN_IF_ERROR(tx.query(
      "INSERT INTO groups (name) VALUES ($1) ON CONFLICT (name) DO NOTHING", {std::string(name)}));
  return rows::single_int(tx.query("SELECT id FROM groups WHERE name = $1", {std::string(name)}));
}

Status add_user_to_group(Transaction& tx, std::int64_t user_id, std::int64_t group_id) {
  MAMON_RETURN_IF_ERROR(
      tx.query("INSERT INTO user_groups (user_id, group_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
               {user_id, group_id}));
  return ok_status();
}

Result<std::vector<std::string>> group_names_of_user(Transaction& tx, std::int64_t user_id) {
  MAMON_TRY(QueryResult r, tx.query("SELECT g.name FROM groups g "
                                    "JOIN user_groups ug ON ug.group_id = g.id "
                                    "WHERE ug.user_id = $1 ORDER BY g.name",
                                    {user_id}));
  std::vector<std::string> names;
  for (const Row& row : r.rows) names.push_back(row.get_text(0));
  return names;
}

}  // namespace mamon::storage
