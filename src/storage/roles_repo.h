// Roles and their grants (migration 0006, domain/permissions.h): groups, and the built-in role
// Personnel (no group row; its members are the users with an active personnel record). All calls
// run inside the caller's transaction. Permission names the code does not know (a newer
// migration's) are skipped when read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "domain/permissions.h"
#include "storage/database.h"

namespace mamon::storage {

// The union of the grants of the user's groups and, if the user has an active personnel record,
// of Personnel. One statement.
Result<domain::PermissionSet> permissions_of_user(Transaction& tx, std::int64_t user_id);

// Personnel first, then every group by name, each with its grants and member count. Two
// statements.
Result<std::vector<domain::Role>> list_roles(Transaction& tx);
// The role with `role_id` (domain::kPersonnelRoleId or a group id); none if no such group.
Result<std::optional<domain::Role>> find_role(Transaction& tx, std::int64_t role_id);

// Adds / removes one grant of the role; true if that changed anything (granting what is granted,
// or revoking what is not, changes nothing). The role must exist (find_role).
Result<bool> insert_role_permission(Transaction& tx, std::int64_t role_id,
                                    domain::Permission permission);
Result<bool> delete_role_permission(Transaction& tx, std::int64_t role_id,
                                    domain::Permission permission);

// The rows of the `permissions` table (name, description), by name; for the check that the
// migration and domain::all_permissions() agree.
Result<std::vector<std::pair<std::string, std::string>>> list_permission_rows(Transaction& tx);

}  // namespace mamon::storage
