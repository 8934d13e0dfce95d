#include "service/roles_service.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "domain/users.h"
#include "service/auth_service.h"
#include "service/cards_service.h"
#include "service/holders_service.h"
#include "service/products_service.h"
#include "service/purchases_service.h"
#include "service/reports_service.h"
#include "service/service_test_fixture.h"
#include "service/wallet_upgrades_service.h"
#include "storage/roles_repo.h"

namespace mamon::service {
namespace {

using testing::code_of;
using testing::must;

class RolesTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    staff_ = add_user("tapper", /*personnel=*/true, {"Tapper"});
    member_ = add_member("member");
    root_ = add_user("root", false, {}, /*superuser=*/true);
  }

  std::map<std::string, domain::Role> roles_by_name() {
    std::map<std::string, domain::Role> out;
    for (domain::Role& role : must(list_roles(db(), root_), "list_roles")) {
      out[role.name] = std::move(role);
    }
    return out;
  }

  std::int64_t role_id(const std::string& name) { return roles_by_name().at(name).id; }

  WalletUpgradeRequest cash_top_up(std::int64_t cents) {
    WalletUpgradeRequest r;
    r.input.amount = Cents(cents);
    r.input.cash = true;
    r.holder_id = *member_.holder_id;
    return r;
  }

  // The roles' audit rows (top-ups in these tests write their own entries).
  std::vector<std::vector<std::string>> audit_rows() {
    return in_tx([&](storage::Transaction& tx) {
      auto r =
          // The roles' entries only: top-ups and refunds are audited too (object "holder").
          must(tx.query("SELECT user_id, action, object_type, object_id, detail FROM "
                        "audit_log WHERE object_type = 'role' ORDER BY id"));
      std::vector<std::vector<std::string>> out;
      for (const storage::Row& row : r.rows) {
        out.push_back(
            {row.get_text(0), row.get_text(1), row.get_text(2), row.get_text(3), row.get_text(4)});
      }
      return out;
    });
  }

  domain::Caller staff_;
  domain::Caller member_;
  domain::Caller root_;
};

TEST_P(RolesTest, MigrationWritesTheDefaultRolesAndGrants) {
  const auto roles = roles_by_name();
  for (const domain::DefaultRole& expected : domain::default_roles()) {
    const std::string name(expected.name);
    ASSERT_TRUE(roles.contains(name)) << name;
    EXPECT_EQ(roles.at(name).permissions, expected.permissions)
        << name << ": " << ::testing::PrintToString(roles.at(name).permissions.names());
    EXPECT_EQ(roles.at(name).builtin, expected.builtin) << name;
  }
  EXPECT_EQ(roles.size(), domain::default_roles().size()) << "no other group yet";
  EXPECT_EQ(must(list_roles(db(), root_)).front().id, domain::kPersonnelRoleId);
  EXPECT_EQ(roles.at("Personnel").member_count, 1);  // the tapper's personnel record
  EXPECT_EQ(roles.at("Tapper").member_count, 1);
  EXPECT_EQ(roles.at("Bestuur").member_count, 0);

  // The permissions table holds exactly the domain's names and descriptions.
  auto rows =
      in_tx([](storage::Transaction& tx) { return must(storage::list_permission_rows(tx)); });
  std::map<std::string, std::string> in_db(rows.begin(), rows.end());
  ASSERT_EQ(in_db.size(), domain::kPermissionCount);
  for (domain::Permission p : domain::all_permissions()) {
    const std::string name(domain::permission_name(p));
    ASSERT_TRUE(in_db.contains(name)) << name;
    EXPECT_EQ(in_db.at(name), domain::permission_description(p)) << name;
  }
}

TEST_P(RolesTest, CallersGetTheirRolesPermissions) {
  EXPECT_EQ(staff_.permissions, domain::default_roles().front().permissions)
      << "Personnel's, Tapper adds nothing";
  EXPECT_TRUE(member_.permissions.empty());
  EXPECT_TRUE(root_.permissions.empty()) << "superusers have all in code, not in data";
  domain::Caller board_staff = add_user("boardstaff", true, {"Bestuur"});
  domain::PermissionSet both = domain::default_roles().front().permissions;
  both |= roles_by_name().at("Bestuur").permissions;
  EXPECT_EQ(board_staff.permissions, both);
  // A deactivated personnel record leaves the Personnel role at once.
  in_tx([&](storage::Transaction& tx) {
    return must(
        tx.query("UPDATE personnel SET active = $1 WHERE id = $2", {false, *staff_.personnel_id}));
  });
  EXPECT_TRUE(must(load_caller(db(), staff_.user_id)).permissions.empty());
  // The auth service's profile (what the API's principal is built from) agrees with load_caller.
  UserProfile profile = must(load_user_profile(db(), board_staff.user_id));
  EXPECT_EQ(profile.permissions, both);
  EXPECT_EQ(caller_of(profile).permissions, both);
}

TEST_P(RolesTest, KascommissieReadsEverythingAndChangesNothing) {
  domain::Caller kas = add_user("treasurer", false, {"Kascommissie"});
  EXPECT_TRUE(domain::has_permission(kas, domain::Permission::kViewReports));
  EXPECT_TRUE(domain::has_permission(kas, domain::Permission::kViewAuditLog));
  EXPECT_TRUE(domain::has_permission(kas, domain::Permission::kViewSales));

  // Some sales, a top-up and an open bar cycle to read.
  const std::int64_t beer = add_product("Beer", 250);
  fund(*member_.holder_id, 1000);
  SaleRequest sale;
  sale.input.lines = {{beer, 2}};
  sale.input.cash = true;
  must(sell(db(), clock_, staff_, sale), "sell");
  ReportRequest open;
  open.action = "open";
  open.total_cash = Cents(5000);
  must(file_report(db(), clock_, staff_, open), "open");

  const PageRequest page;
  EXPECT_EQ(must(list_purchases(db(), kas, page)).total, 1);
  EXPECT_EQ(must(list_wallet_upgrades(db(), kas, page)).total, 1);
  EXPECT_EQ(must(list_reports(db(), kas, page)).total, 1);
  EXPECT_EQ(must(list_bar_cycles(db(), clock_, kas, page)).total, 1);

  // Every change is refused.
  EXPECT_EQ(code_of(sell(db(), clock_, kas, sale)), ErrorCode::kNotPersonnel);
  EXPECT_EQ(code_of(record_wallet_upgrade(db(), clock_, kas, cash_top_up(100))),
            ErrorCode::kNotPersonnel);
  WalletUpgradeRequest refund = cash_top_up(100);
  refund.input.refund = true;
  refund.input.comment = "back";
  auto refused = record_wallet_upgrade(db(), clock_, kas, refund);
  EXPECT_EQ(code_of(refused), ErrorCode::kPermissionDenied);
  EXPECT_EQ(refused.error().permission, "refund");
  EXPECT_EQ(code_of(file_report(db(), clock_, kas, open)), ErrorCode::kNotPersonnel);
  auto product = update_product(db(), kas, beer, "Pils", "#123456");
  EXPECT_EQ(code_of(product), ErrorCode::kPermissionDenied);
  EXPECT_EQ(product.error().permission, "manage_products");
  EXPECT_EQ(code_of(link_card(db(), clock_, kas, {"0A0B0C", "", member_.user_id})),
            ErrorCode::kPermissionDenied);
  CreateUserRequest new_user;
  new_user.username = "newbie";
  EXPECT_EQ(code_of(create_user(db(), clock_, kas, new_user)), ErrorCode::kPermissionDenied);
  auto grant =
      grant_permission(db(), clock_, kas, role_id("Kascommissie"), domain::Permission::kSell);
  EXPECT_EQ(code_of(grant), ErrorCode::kPermissionDenied);
  EXPECT_EQ(grant.error().permission, "manage_users");
  EXPECT_EQ(code_of(list_roles(db(), kas)), ErrorCode::kPermissionDenied);
  EXPECT_EQ(code_of(list_holders(db(), kas, "", page)), ErrorCode::kPermissionDenied);
}

TEST_P(RolesTest, RevokingTopUpFromPersonnelRefusesBarStaffUntilGrantedBack) {
  ASSERT_TRUE(record_wallet_upgrade(db(), clock_, staff_, cash_top_up(100)).ok());

  auto revoked =
      revoke_permission(db(), clock_, root_, domain::kPersonnelRoleId, domain::Permission::kTopUp);
  ASSERT_TRUE(revoked.ok()) << revoked.error().message;
  EXPECT_FALSE(revoked->permissions.contains(domain::Permission::kTopUp));
  EXPECT_TRUE(revoked->builtin);

  const domain::Caller staff_now = must(load_caller(db(), staff_.user_id));
  auto refused = record_wallet_upgrade(db(), clock_, staff_now, cash_top_up(100));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(refused.error().permission, "top_up");
  // Still sells and refunds: only top_up went.
  EXPECT_TRUE(domain::can_sell(staff_now));
  EXPECT_TRUE(domain::can_refund(staff_now));
  // A superuser is not affected.
  EXPECT_TRUE(record_wallet_upgrade(db(), clock_, root_, cash_top_up(100)).ok());

  auto granted =
      grant_permission(db(), clock_, root_, domain::kPersonnelRoleId, domain::Permission::kTopUp);
  ASSERT_TRUE(granted.ok()) << granted.error().message;
  EXPECT_EQ(granted->permissions, domain::default_roles().front().permissions);
  const domain::Caller staff_again = must(load_caller(db(), staff_.user_id));
  EXPECT_TRUE(record_wallet_upgrade(db(), clock_, staff_again, cash_top_up(100)).ok());

  // Both changes are in the audit log, by the superuser.
  const auto audit = audit_rows();
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0][0], std::to_string(root_.user_id));
  EXPECT_EQ(audit[0][1], "revoke_permission");
  EXPECT_EQ(audit[0][2], "role");
  EXPECT_EQ(audit[0][3], "0");
  const nlohmann::json detail = nlohmann::json::parse(audit[0][4]);
  EXPECT_EQ(detail["role"], "Personnel");
  EXPECT_EQ(detail["permission"], "top_up");
  EXPECT_EQ(detail["before"], true);
  EXPECT_EQ(detail["after"], false);
  EXPECT_EQ(audit[1][1], "grant_permission");
}

TEST_P(RolesTest, GrantsOfGroupsAreDataAndIdempotent) {
  const std::int64_t visitors = role_id("Bezoekers");
  domain::Caller visitor = add_user("visitor", false, {"Bezoekers"});
  EXPECT_FALSE(domain::can_view_overviews(visitor));

  auto granted = grant_permission(db(), clock_, root_, visitors, domain::Permission::kViewReports);
  ASSERT_TRUE(granted.ok()) << granted.error().message;
  EXPECT_EQ(granted->permissions, (domain::PermissionSet{domain::Permission::kViewReports}));
  EXPECT_TRUE(domain::can_view_overviews(must(load_caller(db(), visitor.user_id))));
  // Granting again, or revoking what is not granted, changes nothing and logs nothing.
  EXPECT_TRUE(
      grant_permission(db(), clock_, root_, visitors, domain::Permission::kViewReports).ok());
  EXPECT_TRUE(revoke_permission(db(), clock_, root_, visitors, domain::Permission::kSell).ok());
  EXPECT_EQ(audit_rows().size(), 1u);
  EXPECT_EQ(audit_rows()[0][3], std::to_string(visitors));

  EXPECT_EQ(code_of(grant_permission(db(), clock_, root_, 987654, domain::Permission::kSell)),
            ErrorCode::kNotFound);
  EXPECT_EQ(code_of(get_role(db(), root_, 987654)), ErrorCode::kNotFound);
  EXPECT_EQ(must(get_role(db(), root_, visitors)).name, "Bezoekers");

  // A group manager (granted manage_users, not a superuser) may change grants too.
  const std::int64_t board = role_id("Bestuur");
  must(grant_permission(db(), clock_, root_, board, domain::Permission::kManageUsers));
  domain::Caller manager = add_user("manager", false, {"Bestuur"});
  EXPECT_TRUE(
      revoke_permission(db(), clock_, manager, visitors, domain::Permission::kViewReports).ok());
  EXPECT_FALSE(domain::can_view_overviews(must(load_caller(db(), visitor.user_id))));
}

TEST_P(RolesTest, TheGridSetsAllGrantsInOneTransactionOrNone) {
  const std::int64_t visitors = role_id("Bezoekers");
  must(grant_permission(db(), clock_, root_, visitors, domain::Permission::kSell));
  const domain::PermissionSet wanted{domain::Permission::kViewReports,
                                     domain::Permission::kManageUsers};
  auto set = set_role_permissions(db(), clock_, root_, visitors, wanted);
  ASSERT_TRUE(set.ok()) << set.error().message;
  EXPECT_EQ(set->permissions, wanted);
  EXPECT_EQ(must(get_role(db(), root_, visitors)).permissions, wanted);
  // One entry per difference: the first grant above, two grants, one revocation.
  auto rows = audit_rows();
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[1][1], "grant_permission");
  EXPECT_EQ(rows[2][1], "grant_permission");
  EXPECT_EQ(rows[3][1], "revoke_permission");
  EXPECT_EQ(nlohmann::json::parse(rows[3][4])["permission"], "sell");
  // The same grid again changes nothing.
  must(set_role_permissions(db(), clock_, root_, visitors, wanted));
  EXPECT_EQ(audit_rows().size(), 4u);

  // A manager whose only manage_users is this group cannot clear it: nothing changes at all,
  // not even the grant that came first in the same save.
  domain::Caller manager = add_user("gridmanager", false, {"Bezoekers"});
  auto refused = set_role_permissions(db(), clock_, manager, visitors,
                                      domain::PermissionSet{domain::Permission::kSell});
  ASSERT_EQ(code_of(refused), ErrorCode::kConflict);
  EXPECT_EQ(refused.error().field, "permission");
  EXPECT_EQ(refused.error().permission, "manage_users");
  EXPECT_EQ(must(get_role(db(), root_, visitors)).permissions, wanted);
  EXPECT_EQ(audit_rows().size(), 4u);
  EXPECT_EQ(code_of(set_role_permissions(db(), clock_, member_, visitors, wanted)),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(code_of(set_role_permissions(db(), clock_, root_, 987654, wanted)),
            ErrorCode::kNotFound);
}

TEST_P(RolesTest, DefaultsReproduceTheBoardsBehaviour) {
  domain::Caller board = add_user("board", false, {"Bestuur"});
  fund(*member_.holder_id, 50000);
  // Refunds of any amount, without a personnel record.
  WalletUpgradeRequest refund = cash_top_up(limits::kRefundWithoutBoardMaxCents + 1);
  refund.input.refund = true;
  refund.input.comment = "large";
  EXPECT_TRUE(record_wallet_upgrade(db(), clock_, board, refund).ok());
  // Bar staff are bounded.
  auto bounded = record_wallet_upgrade(db(), clock_, staff_, refund);
  EXPECT_EQ(code_of(bounded), ErrorCode::kPermissionDenied);
  EXPECT_EQ(bounded.error().permission, "refund_any_amount");
  // Top-ups still need a personnel record (as before), and selling always does.
  auto top_up = record_wallet_upgrade(db(), clock_, board, cash_top_up(100));
  EXPECT_EQ(code_of(top_up), ErrorCode::kNotPersonnel);
  EXPECT_EQ(top_up.error().permission, "top_up");
  EXPECT_TRUE(domain::can_manage_products(board));
  EXPECT_TRUE(must(list_holders(db(), board, "", PageRequest{})).total >= 3);
}

INSTANTIATE_TEST_SUITE_P(Backends, RolesTest,
                         ::testing::ValuesIn(mamon::testing::backends_under_test()),
                         [](const auto& param_info) {
                           return mamon::testing::backend_name(param_info.param);
                         });

}  // namespace
}  // namespace mamon::service
