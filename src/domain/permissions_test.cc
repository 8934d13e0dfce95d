#include "domain/permissions.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "domain/users.h"

namespace mamon::domain {
namespace {

// WEB.md §3, transcribed: permission -> its default roles ("superuser" only: no role).
const std::map<std::string, std::set<std::string>>& web_md_table() {
  static const std::map<std::string, std::set<std::string>> table = {
      {"sell", {"Personnel"}},
      {"top_up", {"Personnel", "Bestuur"}},
      {"refund", {"Personnel", "Bestuur"}},
      {"refund_any_amount", {"Bestuur"}},
      {"file_report", {"Personnel"}},
      {"link_cards", {"Personnel", "Bestuur"}},
      {"view_sales", {"Personnel", "Bestuur", "Kascommissie"}},
      {"view_reports", {"Bestuur", "Kascommissie"}},
      {"void_purchase", {"Bestuur"}},
      {"manage_products", {"Bestuur"}},
      {"manage_personnel", {"Bestuur"}},
      {"manage_stock", {"Bestuur"}},
      {"manage_meals", {"Bestuur"}},
      {"manage_users", {}},
      {"manage_clients", {}},
      {"view_audit_log", {"Bestuur", "Kascommissie"}},
  };
  return table;
}

const DefaultRole& default_role(std::string_view name) {
  for (const DefaultRole& role : default_roles()) {
    if (role.name == name) return role;
  }
  ADD_FAILURE() << "no default role " << name;
  static const DefaultRole none{};
  return none;
}

TEST(Permission, NamesRoundTripAndAreTheTable) {
  ASSERT_EQ(all_permissions().size(), kPermissionCount);
  std::set<std::string> names;
  for (Permission p : all_permissions()) {
    const std::string name(permission_name(p));
    EXPECT_EQ(parse_permission(name), p) << name;
    EXPECT_FALSE(permission_description(p).empty()) << name;
    names.insert(name);
  }
  std::set<std::string> table_names;
  for (const auto& [name, roles] : web_md_table()) table_names.insert(name);
  EXPECT_EQ(names, table_names);
  EXPECT_FALSE(parse_permission("Sell").has_value()) << "names are exact";
  EXPECT_FALSE(parse_permission("").has_value());
  EXPECT_FALSE(parse_permission("superuser").has_value());
}

TEST(PermissionSet, Operations) {
  PermissionSet set{Permission::kSell, Permission::kViewAuditLog};
  EXPECT_TRUE(set.contains(Permission::kSell));
  EXPECT_TRUE(set.contains(Permission::kViewAuditLog));
  EXPECT_FALSE(set.contains(Permission::kTopUp));
  EXPECT_EQ(set.size(), 2u);
  EXPECT_EQ(set.names(), (std::vector<std::string>{"sell", "view_audit_log"}));
  set.erase(Permission::kSell);
  EXPECT_EQ(set.to_vector(), std::vector<Permission>{Permission::kViewAuditLog});
  EXPECT_EQ(PermissionSet::all().size(), kPermissionCount);
  EXPECT_TRUE(PermissionSet().empty());
}

// Every default role x every permission, against the WEB.md table.
TEST(DefaultRoles, MatrixIsWebMdTable) {
  const std::set<std::string> expected_roles = {"Personnel", "Tapper", "Bestuur", "Kascommissie",
                                                "Bezoekers"};
  std::set<std::string> roles;
  for (const DefaultRole& role : default_roles()) {
    roles.insert(std::string(role.name));
    EXPECT_EQ(role.builtin, role.name == kRolePersonnel) << role.name;
  }
  EXPECT_EQ(roles, expected_roles);
  for (const std::string& role : expected_roles) {
    for (Permission p : all_permissions()) {
      const std::string name(permission_name(p));
      EXPECT_EQ(default_role(role).permissions.contains(p), web_md_table().at(name).contains(role))
          << role << " x " << name;
    }
  }
  EXPECT_TRUE(default_role("Tapper").permissions.empty())
      << "Tapper grants nothing beyond Personnel";
  EXPECT_TRUE(default_role("Bezoekers").permissions.empty());
}

// Callers as load_caller builds them from the default grants.
Caller holder_only() {
  Caller c;
  c.user_id = 10;
  c.holder_id = 100;
  return c;
}
Caller personnel() {  // active personnel record, in the Tapper group
  Caller c = holder_only();
  c.personnel_id = 5;
  c.groups = {"Tapper"};
  c.permissions = default_role("Personnel").permissions;
  c.permissions |= default_role("Tapper").permissions;
  return c;
}
Caller in_group_with_defaults(std::string_view group) {
  Caller c = holder_only();
  c.groups = {std::string(group)};
  c.permissions = default_role(group).permissions;
  return c;
}
Caller board() {
  return in_group_with_defaults("Bestuur");
}
Caller committee() {
  return in_group_with_defaults("Kascommissie");
}
Caller superuser() {
  Caller c = holder_only();
  c.is_superuser = true;
  return c;
}

TEST(HasPermission, SuperuserHasEveryPermissionInCode) {
  for (Permission p : all_permissions()) {
    EXPECT_TRUE(has_permission(superuser(), p)) << permission_name(p);
    EXPECT_FALSE(has_permission(holder_only(), p)) << permission_name(p);
  }
  Caller granted = holder_only();
  granted.permissions.insert(Permission::kManageClients);
  EXPECT_TRUE(has_permission(granted, Permission::kManageClients));
  EXPECT_FALSE(has_permission(granted, Permission::kManageUsers));
}

TEST(Roles, FromGroupsAndPersonnel) {
  EXPECT_TRUE(is_tapper(personnel()));
  EXPECT_FALSE(is_board(personnel()));
  EXPECT_TRUE(is_board(board()));
  EXPECT_TRUE(is_personnel(personnel()));
  EXPECT_FALSE(is_personnel(board()));
  Caller lower_case = holder_only();
  lower_case.groups = {"bestuur"};
  EXPECT_FALSE(is_board(lower_case)) << "group names are exact";
}

TEST(Permissions, GroupNamesDecideNothing) {
  Caller named_only = holder_only();
  named_only.groups = {"Bestuur", "Tapper", "Kascommissie"};
  EXPECT_FALSE(can_manage_products(named_only));
  EXPECT_FALSE(can_refund(named_only));
  EXPECT_FALSE(can_view_overviews(named_only));
  EXPECT_FALSE(can_search_holders(named_only));
}

// The capabilities with the default grants: holder, personnel, board, Kascommissie, superuser.
// These reproduce the behaviour before the named permissions (DESIGN.md §7), Kascommissie new.
TEST(Permissions, Matrix) {
  struct Row {
    const char* name;
    bool (*can)(const Caller&);
    bool holder, staff, bestuur, kas, super;
  };
  const Row rows[] = {
      {"sell", can_sell, false, true, false, false, false},
      {"top_up", can_top_up, false, true, false, false, true},
      {"refund", can_refund, false, true, true, false, true},
      {"refund_any_amount", can_refund_any_amount, false, false, true, false, true},
      {"file_report", can_file_report, false, true, false, false, false},
      {"view_sales", can_view_sales, false, true, true, true, true},
      {"staff_credentials", can_check_staff_credentials, false, true, true, false, true},
      {"search_holders", can_search_holders, false, true, true, false, true},
      {"manage_any_card", can_manage_any_card, false, true, true, false, true},
      {"view_all_purchases", can_view_all_purchases, false, true, true, true, true},
      {"view_all_upgrades", can_view_all_wallet_upgrades, false, true, true, true, true},
      {"manage_products", can_manage_products, false, false, true, false, true},
      {"view_overviews", can_view_overviews, false, false, true, true, true},
      {"manage_users", can_manage_users, false, false, false, false, true},
  };
  for (const Row& r : rows) {
    EXPECT_EQ(r.can(holder_only()), r.holder) << r.name;
    EXPECT_EQ(r.can(personnel()), r.staff) << r.name;
    EXPECT_EQ(r.can(board()), r.bestuur) << r.name;
    EXPECT_EQ(r.can(committee()), r.kas) << r.name;
    EXPECT_EQ(r.can(superuser()), r.super) << r.name;
  }
}

TEST(Permissions, SellingAndCountingNeedAPersonnelRecord) {
  Caller super_staff = superuser();
  super_staff.personnel_id = 7;
  EXPECT_TRUE(can_sell(super_staff));
  EXPECT_TRUE(can_file_report(super_staff));
  Caller granted_without_record = holder_only();
  granted_without_record.permissions = {Permission::kSell, Permission::kFileReport,
                                        Permission::kTopUp};
  EXPECT_FALSE(can_sell(granted_without_record));
  EXPECT_FALSE(can_file_report(granted_without_record));
  EXPECT_FALSE(can_top_up(granted_without_record));
  // A personnel record without the grant (revoked from Personnel) does not sell either.
  Caller revoked = personnel();
  revoked.permissions.erase(Permission::kSell);
  revoked.permissions.erase(Permission::kTopUp);
  EXPECT_FALSE(can_sell(revoked));
  EXPECT_FALSE(can_top_up(revoked));
  EXPECT_TRUE(can_file_report(revoked));
}

TEST(Permissions, OwnCardsAndOwnHolder) {
  const std::int64_t own = holder_only().user_id;
  const std::int64_t other = 99;
  EXPECT_TRUE(can_link_card(holder_only(), own));
  EXPECT_FALSE(can_link_card(holder_only(), other));
  EXPECT_TRUE(can_link_card(personnel(), other));
  EXPECT_TRUE(can_link_card(board(), other)) << "link_cards is Bestuur's too (WEB.md §3)";
  EXPECT_FALSE(can_link_card(committee(), other));
  EXPECT_TRUE(can_link_card(superuser(), other));

  EXPECT_TRUE(can_manage_card(holder_only(), own));
  EXPECT_FALSE(can_manage_card(holder_only(), other));
  EXPECT_TRUE(can_manage_card(board(), other));

  EXPECT_TRUE(can_view_holder(holder_only(), 100));
  EXPECT_FALSE(can_view_holder(holder_only(), 101));
  EXPECT_TRUE(can_view_holder(personnel(), 101));
}

TEST(Permissions, ErrorsNameTheMissingPermission) {
  Error denied = permission_denied_error(Permission::kRefundAnyAmount, "Too much.");
  EXPECT_EQ(denied.code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(denied.message, "Too much.");
  EXPECT_EQ(denied.permission, "refund_any_amount");
  Error staff = not_personnel_error("Staff only.", Permission::kSell);
  EXPECT_EQ(staff.code, ErrorCode::kNotPersonnel);
  EXPECT_EQ(staff.permission, "sell");
  EXPECT_EQ(not_personnel_error("Staff only.").permission, "");
}

}  // namespace
}  // namespace mamon::domain
