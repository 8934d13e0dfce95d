#include "service/roles_service.h"

#include <nlohmann/json.hpp>
#include <string>

#include "service/audit_trail.h"
#include "service/transactions.h"
#include "storage/roles_repo.h"

namespace mamon::service {
namespace {

Status check_can_manage(const domain::Caller& caller) {
  if (domain::can_manage_users(caller)) return ok_status();
  return domain::permission_denied_error(domain::Permission::kManageUsers,
                                         "Only a user manager can see or change roles.");
}

Error role_not_found(std::int64_t role_id) {
  return make_error(ErrorCode::kNotFound, "Role " + std::to_string(role_id) + " does not exist.");
}

Result<domain::Role> existing_role(storage::Transaction& tx, std::int64_t role_id) {
  MAMON_TRY(std::optional<domain::Role> role, storage::find_role(tx, role_id));
  if (!role) return role_not_found(role_id);
  return *std::move(role);
}

// One grant or revocation inside `tx`; `role` is updated. Writes the audit entry of a change.
Status change_grant_in(storage::Transaction& tx, const Clock& clock, const domain::Caller& caller,
                       domain::Role& role, domain::Permission permission, bool grant) {
  MAMON_TRY(bool changed, grant ? storage::insert_role_permission(tx, role.id, permission)
                                : storage::delete_role_permission(tx, role.id, permission));
  if (!changed) return ok_status();
  if (!grant && permission == domain::Permission::kManageUsers && !caller.is_superuser) {
    // Nobody takes away their own manage_users (issue 9 item 1): some other role of the
    // caller must still grant it.
    MAMON_TRY(domain::PermissionSet left, storage::permissions_of_user(tx, caller.user_id));
    if (!left.contains(domain::Permission::kManageUsers)) {
      Error error =
          make_error(ErrorCode::kConflict, "You cannot take away your own permission manage_users.",
                     "permission");
      error.permission = std::string(domain::permission_name(permission));
      return error;
    }
  }
  nlohmann::json detail = {{"role", role.name},
                           {"permission", std::string(domain::permission_name(permission))},
                           {"before", !grant},
                           {"after", grant}};
  MAMON_RETURN_IF_ERROR(record_change(tx, caller, grant ? "grant_permission" : "revoke_permission",
                                      "role", role.id, detail, clock.now_us()));
  if (grant) {
    role.permissions.insert(permission);
  } else {
    role.permissions.erase(permission);
  }
  return ok_status();
}

Result<domain::Role> change_grant(storage::Database& db, const Clock& clock,
                                  const domain::Caller& caller, std::int64_t role_id,
                                  domain::Permission permission, bool grant) {
  MAMON_RETURN_IF_ERROR(check_can_manage(caller));
  return run_transaction(
      db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<domain::Role> {
        MAMON_TRY(domain::Role role, existing_role(tx, role_id));
        MAMON_RETURN_IF_ERROR(change_grant_in(tx, clock, caller, role, permission, grant));
        return role;
      });
}

}  // namespace

Result<std::vector<domain::Role>> list_roles(storage::Database& db, const domain::Caller& caller) {
  MAMON_RETURN_IF_ERROR(check_can_manage(caller));
  return run_transaction(db, storage::TxMode::kRead,
                         [&](storage::Transaction& tx) { return storage::list_roles(tx); });
}

Result<domain::Role> get_role(storage::Database& db, const domain::Caller& caller,
                              std::int64_t role_id) {
  MAMON_RETURN_IF_ERROR(check_can_manage(caller));
  return run_transaction(db, storage::TxMode::kRead,
                         [&](storage::Transaction& tx) { return existing_role(tx, role_id); });
}

Result<domain::Role> grant_permission(storage::Database& db, const Clock& clock,
                                      const domain::Caller& caller, std::int64_t role_id,
                                      domain::Permission permission) {
  return change_grant(db, clock, caller, role_id, permission, true);
}

Result<domain::Role> revoke_permission(storage::Database& db, const Clock& clock,
                                       const domain::Caller& caller, std::int64_t role_id,
                                       domain::Permission permission) {
  return change_grant(db, clock, caller, role_id, permission, false);
}

Result<domain::Role> set_role_permissions(storage::Database& db, const Clock& clock,
                                          const domain::Caller& caller, std::int64_t role_id,
                                          const domain::PermissionSet& wanted) {
  MAMON_RETURN_IF_ERROR(check_can_manage(caller));
  return run_transaction(
      db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<domain::Role> {
        MAMON_TRY(domain::Role role, existing_role(tx, role_id));
        // Grants first, so that moving manage_users between permissions of one's own roles
        // never trips the own-manage_users rule half-way.
        for (domain::Permission p : domain::all_permissions()) {
          if (wanted.contains(p) && !role.permissions.contains(p)) {
            MAMON_RETURN_IF_ERROR(change_grant_in(tx, clock, caller, role, p, true));
          }
        }
        for (domain::Permission p : domain::all_permissions()) {
          if (!wanted.contains(p) && role.permissions.contains(p)) {
            MAMON_RETURN_IF_ERROR(change_grant_in(tx, clock, caller, role, p, false));
          }
        }
        return role;
      });
}

}  // namespace mamon::service
