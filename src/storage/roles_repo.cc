#include "storage/roles_repo.h"

#include "storage/repo_rows.h"

namespace mamon::storage {
namespace {

constexpr std::string_view kPersonnelKey = "personnel";  // builtin_role_permissions.role

void add_permission(domain::PermissionSet& set, const std::string& name) {
  if (std::optional<domain::Permission> p = domain::parse_permission(name)) set.insert(*p);
}

Result<domain::Role> personnel_role(Transaction& tx) {
  domain::Role role;
  role.id = domain::kPersonnelRoleId;
  role.name = std::string(domain::kRolePersonnel);
  role.builtin = true;
  MAMON_TRY(QueryResult grants,
            tx.query("SELECT permission FROM builtin_role_permissions WHERE role = $1",
                     {std::string(kPersonnelKey)}));
  for (const Row& row : grants.rows) add_permission(role.permissions, row.get_text(0));
  MAMON_TRY(role.member_count,
            rows::single_int(tx.query("SELECT COUNT(*) FROM personnel WHERE active = $1", {true})));
  return role;
}

// Groups with their grants: one row per (group, permission), a NULL permission for none.
Result<std::vector<domain::Role>> groups_with_grants(Transaction& tx,
                                                     std::optional<std::int64_t> group_id) {
  MAMON_TRY(QueryResult r,
            group_id ? tx.query("SELECT g.id, g.name, gp.permission, "
                                "(SELECT COUNT(*) FROM user_groups ug WHERE ug.group_id = g.id) "
                                "FROM groups g "
                                "LEFT JOIN group_permissions gp ON gp.group_id = g.id "
                                "WHERE g.id = $1 ORDER BY g.name, g.id",
                                {*group_id})
                     : tx.query("SELECT g.id, g.name, gp.permission, "
                                "(SELECT COUNT(*) FROM user_groups ug WHERE ug.group_id = g.id) "
                                "FROM groups g "
                                "LEFT JOIN group_permissions gp ON gp.group_id = g.id "
                                "ORDER BY g.name, g.id"));
  std::vector<domain::Role> roles;
  for (const Row& row : r.rows) {
    const std::int64_t id = row.get_int(0);
    if (roles.empty() || roles.back().id != id) {
      domain::Role role;
      role.id = id;
      role.name = row.get_text(1);
      role.member_count = row.get_int(3);
      roles.push_back(std::move(role));
    }
    if (!row.is_null(2)) add_permission(roles.back().permissions, row.get_text(2));
  }
  return roles;
}

}  // namespace

Result<domain::PermissionSet> permissions_of_user(Transaction& tx, std::int64_t user_id) {
  MAMON_TRY(QueryResult r,
            tx.query("SELECT gp.permission FROM group_permissions gp "
                     "JOIN user_groups ug ON ug.group_id = gp.group_id WHERE ug.user_id = $1 "
                     "UNION "
                     "SELECT bp.permission FROM builtin_role_permissions bp "
                     "WHERE bp.role = $2 AND EXISTS (SELECT 1 FROM personnel p "
                     "WHERE p.user_id = $1 AND p.active = $3)",
                     {user_id, std::string(kPersonnelKey), true}));
  domain::PermissionSet set;
  for (const Row& row : r.rows) add_permission(set, row.get_text(0));
  return set;
}

Result<std::vector<domain::Role>> list_roles(Transaction& tx) {
  std::vector<domain::Role> roles;
  MAMON_TRY(domain::Role personnel, personnel_role(tx));
  roles.push_back(std::move(personnel));
  MAMON_TRY(std::vector<domain::Role> groups, groups_with_grants(tx, std::nullopt));
  for (domain::Role& role : groups) roles.push_back(std::move(role));
  return roles;
}

Result<std::optional<domain::Role>> find_role(Transaction& tx, std::int64_t role_id) {
  if (role_id == domain::kPersonnelRoleId) {
    MAMON_TRY(domain::Role personnel, personnel_role(tx));
    return std::optional<domain::Role>(std::move(personnel));
  }
  MAMON_TRY(std::vector<domain::Role> groups, groups_with_grants(tx, role_id));
  if (groups.empty()) return std::optional<domain::Role>();
  return std::optional<domain::Role>(std::move(groups.front()));
}

Result<bool> insert_role_permission(Transaction& tx, std::int64_t role_id,
                                    domain::Permission permission) {
  const std::string name(domain::permission_name(permission));
  MAMON_TRY(QueryResult r, role_id == domain::kPersonnelRoleId
                               ? tx.query("INSERT INTO builtin_role_permissions (role, permission) "
                                          "VALUES ($1, $2) ON CONFLICT DO NOTHING",
                                          {std::string(kPersonnelKey), name})
                               : tx.query("INSERT INTO group_permissions (group_id, permission) "
                                          "VALUES ($1, $2) ON CONFLICT DO NOTHING",
                                          {role_id, name}));
  return r.affected_rows == 1;
}

Result<bool> delete_role_permission(Transaction& tx, std::int64_t role_id,
                                    domain::Permission permission) {
  const std::string name(domain::permission_name(permission));
  MAMON_TRY(QueryResult r,
            role_id == domain::kPersonnelRoleId
                ? tx.query("DELETE FROM builtin_role_permissions WHERE role = $1 AND "
                           "permission = $2",
                           {std::string(kPersonnelKey), name})
                : tx.query("DELETE FROM group_permissions WHERE group_id = $1 AND "
                           "permission = $2",
                           {role_id, name}));
  return r.affected_rows == 1;
}

Result<std::vector<std::pair<std::string, std::string>>> list_permission_rows(Transaction& tx) {
  MAMON_TRY(QueryResult r, tx.query("SELECT name, description FROM permissions ORDER BY name"));
  std::vector<std::pair<std::string, std::string>> out;
  for (const Row& row : r.rows) out.emplace_back(row.get_text(0), row.get_text(1));
  return out;
}

}  // namespace mamon::storage
