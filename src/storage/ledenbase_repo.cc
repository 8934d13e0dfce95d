#include "storage/ledenbase_repo.h"

#include <string>

namespace mamon::storage {

Status update_user_from_ledenbase(Transaction& tx, std::int64_t user_id, std::string_view username,
                                  std::string_view first_name, std::string_view last_name) {
  MAMON_TRY(
      QueryResult r,
      tx.query("UPDATE users SET username = $1, first_name = $2, last_name = $3 WHERE id = $4",
               {std::string(username), std::string(first_name), std::string(last_name), user_id}));
  if (r.affected_rows != 1) {
    return make_error(ErrorCode::kNotFound, "User " + std::to_string(user_id) + " does not exist.");
  }
  return ok_status();
}

Status update_holder_from_ledenbase(Transaction& tx, std::int64_t holder_id,
                                    std::int64_t ledenbase_id, std::string_view image_ledenbase) {
  MAMON_TRY(QueryResult r,
            tx.query("UPDATE holders SET ledenbase_id = $1, image_ledenbase = $2 WHERE id = $3",
                     {ledenbase_id, std::string(image_ledenbase), holder_id}));
  if (r.affected_rows != 1) {
    return make_error(ErrorCode::kNotFound,
                      "Holder " + std::to_string(holder_id) + " does not exist.");
  }
  return ok_status();
}

Result<std::optional<std::int64_t>> group_id_named(Transaction& tx, std::string_view name) {
  MAMON_TRY(QueryResult r, tx.query("SELECT id FROM groups WHERE name = $1", {std::string(name)}));
  if (r.rows.empty()) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(r.rows.front().get_int(0));
}

}  // namespace mamon::storage
