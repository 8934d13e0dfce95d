#include "domain/permissions.h"

#include <gtest/gtest.h>

namespace mamon::domain {
namespace {

Caller holder_only() {
  Caller c;
  c.user_id = 10;
  c.holder_id = 100;
  return c;
}
Caller personnel() {
  Caller c = holder_only();
  c.personnel_id = 5;
  c.groups = {"Tapper"};
  return c;
}
Caller board() {
  Caller c = holder_only();
  c.groups = {"Bestuur"};
  return c;
}
Caller superuser() {
  Caller c = holder_only();
  c.is_superuser = true;
  return c;
}

TEST(Roles, FromGroupsAndPersonnel) {
  EXPECT_TRUE(is_tapper(personnel()));
  EXPECT_FALSE(is_board(personnel()));
  EXPECT_TRUE(is_board(board()));
  EXPECT_TRUE(is_personnel(personnel()));
  EXPECT_FALSE(is_personnel(board()));
  Caller tapper_group_only = holder_only();
  tapper_group_only.groups = {"Tapper"};
  EXPECT_FALSE(is_personnel(tapper_group_only)) << "personnel means an active record, not a group";
  Caller lower_case = holder_only();
  lower_case.groups = {"bestuur"};
  EXPECT_FALSE(is_board(lower_case)) << "group names are exact";
}

// The matrix of DESIGN.md §7, one row per capability: holder, personnel, board, superuser.
TEST(Permissions, Matrix) {
  struct Row {
    const char* name;
    bool (*can)(const Caller&);
    bool holder, staff, bestuur, super;
  };
  const Row rows[] = {
      {"sell", can_sell, false, true, false, false},
      {"top_up", can_top_up, false, true, false, true},
      {"refund", can_refund, false, true, true, true},
      {"file_report", can_file_report, false, true, false, false},
      {"view_reports", can_view_reports, false, true, true, true},
      {"search_holders", can_search_holders, false, true, true, true},
      {"view_all_purchases", can_view_all_purchases, false, true, true, true},
      {"view_all_upgrades", can_view_all_wallet_upgrades, false, true, true, true},
      {"manage_products", can_manage_products, false, false, true, true},
      {"view_overviews", can_view_overviews, false, false, true, true},
      {"manage_users", can_manage_users, false, false, false, true},
  };
  for (const Row& r : rows) {
    EXPECT_EQ(r.can(holder_only()), r.holder) << r.name;
    EXPECT_EQ(r.can(personnel()), r.staff) << r.name;
    EXPECT_EQ(r.can(board()), r.bestuur) << r.name;
    EXPECT_EQ(r.can(superuser()), r.super) << r.name;
  }
}

TEST(Permissions, OwnCardsAndOwnHolder) {
  const std::int64_t own = holder_only().user_id;
  const std::int64_t other = 99;
  EXPECT_TRUE(can_link_card(holder_only(), own));
  EXPECT_FALSE(can_link_card(holder_only(), other));
  EXPECT_TRUE(can_link_card(personnel(), other));
  EXPECT_FALSE(can_link_card(board(), other));
  EXPECT_TRUE(can_link_card(superuser(), other));

  EXPECT_TRUE(can_manage_card(holder_only(), own));
  EXPECT_FALSE(can_manage_card(holder_only(), other));
  EXPECT_TRUE(can_manage_card(board(), other));

  EXPECT_TRUE(can_view_holder(holder_only(), 100));
  EXPECT_FALSE(can_view_holder(holder_only(), 101));
  EXPECT_TRUE(can_view_holder(personnel(), 101));
}

}  // namespace
}  // namespace mamon::domain
