// User administration (issue 9 item 1; /manage/users/, /manage/groups/): listing and editing
// users, their group memberships and holder's ledenbase id, groups, and ending a user's sessions
// and refresh tokens. All calls run inside the caller's transaction; SQL only here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "domain/users.h"
#include "storage/database.h"

namespace mamon::storage {

struct GroupRow {
  std::int64_t id = 0;
  std::string name;
};

struct ManagedUserRow {
  domain::User user;
  std::optional<std::int64_t> holder_id;
  std::optional<std::int64_t> ledenbase_id;
  std::vector<GroupRow> groups;                // by name
  std::optional<domain::Personnel> personnel;  // active or not
};

// Non-system users whose username, first or last name or email contains `search`
// (case-insensitive for ASCII; "" = all), by username; at most `limit`.
Result<std::vector<ManagedUserRow>> list_managed_users(Transaction& tx, std::string_view search,
                                                       std::int64_t limit);
// Error kNotFound (system users are not found either).
Result<ManagedUserRow> find_managed_user(Transaction& tx, std::int64_t user_id);

struct UserFields {
  std::string first_name;
  std::string last_name;
  std::string email;
  bool is_active = true;
  bool is_superuser = false;
};
Status update_user_fields(Transaction& tx, std::int64_t user_id, const UserFields& fields);
// The holder's ledenbase id (none clears it). kConflict if another holder has it.
Status set_holder_ledenbase_id(Transaction& tx, std::int64_t user_id,
                               std::optional<std::int64_t> ledenbase_id);
// Replaces the user's memberships.
Status set_user_group_ids(Transaction& tx, std::int64_t user_id,
                          const std::vector<std::int64_t>& group_ids);
// Active superusers (system users excluded).
Result<std::int64_t> count_active_superusers(Transaction& tx);

// Ends every website session of the user; returns how many.
Result<std::int64_t> delete_user_web_sessions(Transaction& tx, std::int64_t user_id);
// Revokes every unrevoked refresh token of the user at `at_us`; returns how many.
Result<std::int64_t> revoke_user_refresh_tokens(Transaction& tx, std::int64_t user_id,
                                                TimestampUs at_us);

// Groups by name.
Result<std::vector<GroupRow>> list_groups(Transaction& tx);
// kConflict if the name is taken.
Result<std::int64_t> insert_group(Transaction& tx, std::string_view name);
// kNotFound; kConflict if the name is taken.
Status rename_group(Transaction& tx, std::int64_t group_id, std::string_view name);
// The group's members (non-system users), by username.
Result<std::vector<domain::User>> group_members(Transaction& tx, std::int64_t group_id);

struct PersonnelRow {
  domain::Personnel personnel;
  domain::User user;
};
// Every personnel record (active or not), by nickname then username.
Result<std::vector<PersonnelRow>> list_personnel_rows(Transaction& tx);

struct PersonnelFields {
  std::string nickname;
  std::string image;
  bool active = true;
};
// kNotFound.
Status update_personnel_fields(Transaction& tx, std::int64_t personnel_id,
                               const PersonnelFields& fields);

}  // namespace mamon::storage
