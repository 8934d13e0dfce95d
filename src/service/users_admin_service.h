// Users and groups for the management pages (issue 9 item 1; WEB.md §2 "Users and groups",
// /manage/users/, /manage/groups/). Creating a user is users_service.h's create_user (with the
// caller); the groups' permission grid is roles_service.h. Every call here needs manage_users
// (kPermissionDenied naming it, before anything is read) and is one transaction.
//
// Rules:
//   - Nobody removes the last active superuser: unsetting superuser on, or deactivating, the only
//     active superuser is kConflict (field "is_superuser" / "is_active").
//   - Nobody removes their own manage_users: a change of one's own user (superuser, active,
//     groups) that would leave one without manage_users is kConflict (field named, and
//     Error::permission "manage_users", which tells it from the last-superuser refusal).
//   - Deactivating a user ends their website sessions and revokes their refresh tokens in the
//     same transaction. The API's principal cache (http/user_lookup.h) keeps them for at most
//     limits::kPrincipalCacheMs on other instances; the instance that made the change must call
//     UserLookup::forget_user(user_id) (every successful update_user / set_user_password).
//   - Every change writes one audit entry (object "user" or "group", detail {"before","after"};
//     never a password or hash) in the same transaction; a save that changes nothing writes none.
// Thread-safe: each call takes its own pooled connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "domain/permissions.h"
#include "storage/database.h"
#include "storage/users_admin_repo.h"

namespace mamon::service {

inline constexpr std::int64_t kManagedUsersListMax = 500;

// OK when the caller may manage users, else kPermissionDenied naming manage_users.
Status may_manage_users(const domain::Caller& caller);

// Non-system users matching `search` (username, names, email; "" = all), by username, at most
// kManagedUsersListMax.
Result<std::vector<storage::ManagedUserRow>> list_users_to_manage(storage::Database& db,
                                                                  const domain::Caller& caller,
                                                                  std::string_view search);
// Error kNotFound.
Result<storage::ManagedUserRow> get_user_to_manage(storage::Database& db,
                                                   const domain::Caller& caller,
                                                   std::int64_t user_id);

// The user form as typed. Checked in this order (kInvalidInput with the field): first_name,
// last_name (0..kNameLengthMax bytes), email (0..254 bytes, one '@' when given), ledenbase_id
// ("" or a positive whole number), groups (each must exist).
struct UserForm {
  std::string first_name;
  std::string last_name;
  std::string email;
  bool is_active = true;
  bool is_superuser = false;
  std::vector<std::int64_t> group_ids;
  std::string ledenbase_id;
};

// What a successful update did, for the page's message and the caller's cache invalidation.
struct UserUpdate {
  bool changed = false;
  bool deactivated = false;         // active -> inactive
  std::int64_t sessions_ended = 0;  // web sessions deleted
  std::int64_t tokens_revoked = 0;  // refresh tokens revoked
};
// kNotFound; kConflict "ledenbase_id" when another holder has that id; the rules above.
Result<UserUpdate> update_user(storage::Database& db, const Clock& clock,
                               const domain::Caller& caller, std::int64_t user_id,
                               const UserForm& form);

// Sets a local password (argon2id, hashed before the transaction). 1..limits::kPasswordLengthMax
// bytes (kInvalidInput "password"); kNotFound. Audited as "set_password" (no hash in the detail).
Status set_user_password(storage::Database& db, const Clock& clock, const domain::Caller& caller,
                         std::int64_t user_id, std::string_view password);

// Groups by name.
Result<std::vector<storage::GroupRow>> list_groups(storage::Database& db,
                                                   const domain::Caller& caller);
struct GroupDetail {
  storage::GroupRow group;
  std::vector<domain::User> members;
};
// Error kNotFound.
Result<GroupDetail> get_group(storage::Database& db, const domain::Caller& caller,
                              std::int64_t group_id);
// A name of 1..kNameLengthMax bytes after trimming (kInvalidInput "name"); a taken name is
// kConflict "name". Returns the new group's id.
Result<std::int64_t> create_group(storage::Database& db, const Clock& clock,
                                  const domain::Caller& caller, std::string_view name);
Status rename_group(storage::Database& db, const Clock& clock, const domain::Caller& caller,
                    std::int64_t group_id, std::string_view name);

}  // namespace mamon::service
