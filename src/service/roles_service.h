// Roles and their permissions, for the groups page (WEB.md §2 "Users and groups", §3): listing
// the roles with their grants, and granting or revoking one permission of a role. Every call needs
// the permission manage_users (kPermissionDenied naming it) and is one database transaction; a
// change writes its audit_log entry (action "grant_permission" / "revoke_permission", object_type
// "role", object_id the role id, detail {"role", "permission", "before", "after"}) in the same
// transaction. Granting what is granted, or revoking what is not, changes nothing and writes no
// entry. Revoking manage_users from a role is kConflict (field "permission") when the caller, not a
// superuser, would be left without it (nobody removes their own manage_users).
//
// A change reaches the API within limits::kPrincipalCacheMs (principals are cached per user,
// http/user_lookup.h); requests that load their caller afresh see it at once.
// Thread-safe: every call takes its own pooled connection.
#pragma once

#include <cstdint>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "domain/permissions.h"
#include "storage/database.h"

namespace mamon::service {

// Personnel first, then the groups by name.
Result<std::vector<domain::Role>> list_roles(storage::Database& db, const domain::Caller& caller);

// One role by id (domain::kPersonnelRoleId or a group id); kNotFound if there is no such group.
Result<domain::Role> get_role(storage::Database& db, const domain::Caller& caller,
                              std::int64_t role_id);

// The role after the change; kNotFound for an unknown role.
Result<domain::Role> grant_permission(storage::Database& db, const Clock& clock,
                                      const domain::Caller& caller, std::int64_t role_id,
                                      domain::Permission permission);
Result<domain::Role> revoke_permission(storage::Database& db, const Clock& clock,
                                       const domain::Caller& caller, std::int64_t role_id,
                                       domain::Permission permission);

// The groups page's grid: makes the role's grants exactly `wanted`, one grant or revocation
// (and its audit entry) per difference, all in one transaction — a refusal (the own
// manage_users rule, Error::permission "manage_users") changes nothing. Returns the role after.
Result<domain::Role> set_role_permissions(storage::Database& db, const Clock& clock,
                                          const domain::Caller& caller, std::int64_t role_id,
                                          const domain::PermissionSet& wanted);

}  // namespace mamon::service
