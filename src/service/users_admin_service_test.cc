#include "service/users_admin_service.h"

#include <gtest/gtest.h>

#include "service/auth_service.h"
#include "service/personnel_service.h"
#include "service/roles_service.h"
#include "service/service_test_fixture.h"
#include "service/web_sessions_service.h"
#include "storage/audit_repo.h"
#include "storage/auth_repo.h"

namespace mamon::service {
namespace {

using testing::code_of;
using testing::must;

class UsersAdminTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    root_ = add_user("root", false, {}, /*superuser=*/true);
    board_ = add_user("board", false, {"Bestuur"});
    audit_ = add_user("kascie", false, {"Kascommissie"});
    member_ = add_member("member");
    staff_ = add_staff("tapper");
  }

  UserForm form_of(std::int64_t user_id) {
    storage::ManagedUserRow row = must(get_user_to_manage(db(), root_, user_id), "get");
    UserForm form{row.user.first_name,
                  row.user.last_name,
                  row.user.email,
                  row.user.is_active,
                  row.user.is_superuser,
                  {},
                  ""};
    for (const storage::GroupRow& g : row.groups) form.group_ids.push_back(g.id);
    if (row.ledenbase_id) form.ledenbase_id = std::to_string(*row.ledenbase_id);
    return form;
  }

  std::int64_t group_id(const std::string& name) {
    for (const storage::GroupRow& g : must(list_groups(db(), root_), "groups")) {
      if (g.name == name) return g.id;
    }
    ADD_FAILURE() << "no group " << name;
    return 0;
  }

  std::int64_t count(const std::string& sql, std::int64_t id) {
    return in_tx(
        [&](storage::Transaction& tx) { return must(tx.query(sql, {id})).rows[0].get_int(0); });
  }
  std::int64_t audit_count(const std::string& action) {
    return in_tx([&](storage::Transaction& tx) {
      return must(tx.query("SELECT COUNT(*) FROM audit_log WHERE action = $1", {action}))
          .rows[0]
          .get_int(0);
    });
  }

  domain::Caller root_, board_, audit_, member_, staff_;
};

TEST_P(UsersAdminTest, OnlyManageUsersMayManage) {
  for (const domain::Caller& caller : {board_, audit_, member_, staff_}) {
    auto listed = list_users_to_manage(db(), caller, "");
    ASSERT_EQ(code_of(listed), ErrorCode::kPermissionDenied);
    EXPECT_EQ(listed.error().permission, "manage_users");
    EXPECT_EQ(code_of(update_user(db(), clock_, caller, member_.user_id, form_of(member_.user_id))),
              ErrorCode::kPermissionDenied);
    EXPECT_EQ(code_of(create_group(db(), clock_, caller, "X")), ErrorCode::kPermissionDenied);
    EXPECT_EQ(code_of(set_user_password(db(), clock_, caller, member_.user_id, "pw")),
              ErrorCode::kPermissionDenied);
  }
}

TEST_P(UsersAdminTest, ListSearchesNamesAndEmail) {
  EXPECT_EQ(must(list_users_to_manage(db(), root_, ""), "all").size(), 5u);
  auto found = must(list_users_to_manage(db(), root_, "TAPP"), "search");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].user.username, "tapper");
  ASSERT_TRUE(found[0].personnel.has_value());
  EXPECT_TRUE(must(list_users_to_manage(db(), root_, "%"), "literal").empty());
}

TEST_P(UsersAdminTest, EditSavesFieldsGroupsAndLedenbaseIdAndAudits) {
  UserForm form = form_of(member_.user_id);
  form.first_name = "Mem";
  form.email = "mem@example.org";
  form.group_ids = {group_id("Bestuur")};
  form.ledenbase_id = "4242";
  UserUpdate update = must(update_user(db(), clock_, root_, member_.user_id, form), "update");
  EXPECT_TRUE(update.changed);
  EXPECT_FALSE(update.deactivated);
  storage::ManagedUserRow row = must(get_user_to_manage(db(), root_, member_.user_id), "get");
  EXPECT_EQ(row.user.first_name, "Mem");
  EXPECT_EQ(row.user.email, "mem@example.org");
  ASSERT_EQ(row.groups.size(), 1u);
  EXPECT_EQ(row.groups[0].name, "Bestuur");
  EXPECT_EQ(row.ledenbase_id, 4242);
  EXPECT_EQ(audit_count("update_user"), 1);
  // The same again changes nothing and writes nothing.
  EXPECT_FALSE(must(update_user(db(), clock_, root_, member_.user_id, form), "same").changed);
  EXPECT_EQ(audit_count("update_user"), 1);
  // Field errors.
  UserForm bad = form;
  bad.email = "no-at-sign";
  EXPECT_EQ(update_user(db(), clock_, root_, member_.user_id, bad).error().field, "email");
  bad = form;
  bad.ledenbase_id = "-3";
  EXPECT_EQ(update_user(db(), clock_, root_, member_.user_id, bad).error().field, "ledenbase_id");
  bad = form;
  bad.group_ids = {987654};
  EXPECT_EQ(update_user(db(), clock_, root_, member_.user_id, bad).error().field, "groups");
  UserForm taken = form_of(staff_.user_id);
  taken.ledenbase_id = "4242";
  auto conflict = update_user(db(), clock_, root_, staff_.user_id, taken);
  ASSERT_EQ(code_of(conflict), ErrorCode::kConflict);
  EXPECT_EQ(conflict.error().field, "ledenbase_id");
  EXPECT_EQ(code_of(update_user(db(), clock_, root_, 987654, form)), ErrorCode::kNotFound);
}

TEST_P(UsersAdminTest, TheLastSuperuserStays) {
  UserForm form = form_of(root_.user_id);
  form.is_superuser = false;
  form.group_ids = {group_id("Bestuur")};
  // Board has no manage_users by default, so this is also one's own manage_users; another
  // superuser edits root to test the superuser rule alone.
  domain::Caller admin = add_user("admin", false, {}, /*superuser=*/true);
  UserForm admin_form = form_of(admin.user_id);
  admin_form.is_superuser = false;
  must(update_user(db(), clock_, root_, admin.user_id, admin_form), "root demotes admin");
  auto last = update_user(db(), clock_, root_, root_.user_id, form);
  ASSERT_EQ(code_of(last), ErrorCode::kConflict);
  EXPECT_EQ(last.error().field, "is_superuser");
  UserForm inactive = form_of(root_.user_id);
  inactive.is_active = false;
  auto deactivate = update_user(db(), clock_, root_, root_.user_id, inactive);
  ASSERT_EQ(code_of(deactivate), ErrorCode::kConflict);
  EXPECT_EQ(deactivate.error().field, "is_active");
  EXPECT_TRUE(must(get_user_to_manage(db(), root_, root_.user_id), "get").user.is_superuser);
}

TEST_P(UsersAdminTest, NobodyRemovesTheirOwnManageUsers) {
  // A group with manage_users, and a member of it who is not a superuser.
  std::int64_t admins = must(create_group(db(), clock_, root_, "Admins"), "group");
  must(grant_permission(db(), clock_, root_, admins, domain::Permission::kManageUsers), "grant");
  domain::Caller keeper = add_user("keeper", false, {"Admins"});
  UserForm form = form_of(keeper.user_id);
  form.group_ids = {};
  auto own = update_user(db(), clock_, keeper, keeper.user_id, form);
  ASSERT_EQ(code_of(own), ErrorCode::kConflict);
  EXPECT_EQ(own.error().field, "groups");
  // Nor through the permission grid: revoking it from their only role is refused.
  auto revoke = revoke_permission(db(), clock_, keeper, admins, domain::Permission::kManageUsers);
  ASSERT_EQ(code_of(revoke), ErrorCode::kConflict);
  EXPECT_EQ(revoke.error().field, "permission");
  // Someone else may take it away.
  must(update_user(db(), clock_, root_, keeper.user_id, form), "root removes it");
  // A superuser may not un-superuser themself without another grant (there are others: the rule
  // is the own-permission one).
  domain::Caller second = add_user("second", false, {}, /*superuser=*/true);
  UserForm second_form = form_of(second.user_id);
  second_form.is_superuser = false;
  EXPECT_EQ(update_user(db(), clock_, second, second.user_id, second_form).error().field,
            "is_superuser");
}

TEST_P(UsersAdminTest, DeactivationEndsSessionsAndRefreshTokens) {
  in_tx([&](storage::Transaction& tx) {
    must(
        tx.query("INSERT INTO web_sessions (id_hash, user_id, csrf_token, created_at_us, "
                 "last_seen_at_us, expires_at_us) VALUES ('h1', $1, 'c', 1, 1, 9999999999999999)",
                 {member_.user_id}));
    must(storage::insert_refresh_token(tx, "jti1", member_.user_id, 9999999999999999, 1, "jti1"),
         "refresh");
    return 0;
  });
  UserForm form = form_of(member_.user_id);
  form.is_active = false;
  UserUpdate update = must(update_user(db(), clock_, root_, member_.user_id, form), "deactivate");
  EXPECT_TRUE(update.deactivated);
  EXPECT_EQ(update.sessions_ended, 1);
  EXPECT_EQ(update.tokens_revoked, 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM web_sessions WHERE user_id = $1", member_.user_id), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM refresh_tokens WHERE user_id = $1 AND revoked_at_us IS "
                  "NULL",
                  member_.user_id),
            0);
  EXPECT_EQ(code_of(load_caller(db(), member_.user_id)), ErrorCode::kUnauthenticated);
}

TEST_P(UsersAdminTest, PasswordIsHashedAndAuditedWithoutTheHash) {
  must(set_user_password(db(), clock_, root_, member_.user_id, "correct horse"), "set");
  EXPECT_EQ(code_of(set_user_password(db(), clock_, root_, member_.user_id, "")),
            ErrorCode::kInvalidInput);
  std::string detail = in_tx([&](storage::Transaction& tx) {
    return must(tx.query("SELECT detail FROM audit_log WHERE action = 'set_password'"))
        .rows.at(0)
        .get_text(0);
  });
  EXPECT_EQ(detail.find("argon2"), std::string::npos);
  std::string hash = in_tx([&](storage::Transaction& tx) {
    return must(tx.query("SELECT password_hash FROM users WHERE id = $1", {member_.user_id}))
        .rows.at(0)
        .get_text(0);
  });
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u);
}

TEST_P(UsersAdminTest, GroupsAreCreatedRenamedAndAudited) {
  std::int64_t id = must(create_group(db(), clock_, root_, " Feest "), "create");
  EXPECT_EQ(create_group(db(), clock_, root_, "Feest").error().field, "name");
  EXPECT_EQ(create_group(db(), clock_, root_, "").error().field, "name");
  must(rename_group(db(), clock_, root_, id, "Feestcommissie"), "rename");
  EXPECT_EQ(rename_group(db(), clock_, root_, id, "Bestuur").error().field, "name");
  EXPECT_EQ(code_of(rename_group(db(), clock_, root_, 987654, "X")), ErrorCode::kNotFound);
  GroupDetail detail = must(get_group(db(), root_, id), "get");
  EXPECT_EQ(detail.group.name, "Feestcommissie");
  EXPECT_TRUE(detail.members.empty());
  EXPECT_EQ(must(get_group(db(), root_, group_id("Bestuur")), "board").members.size(), 1u);
  EXPECT_EQ(audit_count("create_group"), 1);
  EXPECT_EQ(audit_count("rename_group"), 1);
}

TEST_P(UsersAdminTest, CreatingAUserIsAudited) {
  CreateUserRequest request;
  request.username = "newbie";
  request.groups = {"Tapper"};
  must(create_user(db(), clock_, root_, request), "create");
  EXPECT_EQ(audit_count("create_user"), 1);
  EXPECT_EQ(code_of(create_user(db(), clock_, board_, request)), ErrorCode::kPermissionDenied);
}

TEST_P(UsersAdminTest, AuditRowsRollBackWithTheirTransaction) {
  {
    auto tx = must(db().begin(storage::TxMode::kWrite), "begin");
    storage::UserFields fields{"X", "Y", "", false, false};
    must(storage::update_user_fields(*tx, member_.user_id, fields), "update");
    storage::NewAuditEntry entry{root_.user_id, "update_user",
                                 "user",        std::to_string(member_.user_id),
                                 "{}",          clock_.now_us()};
    must(storage::insert_audit_entry(*tx, entry), "audit");
  }  // rolled back
  EXPECT_EQ(audit_count("update_user"), 0);
  EXPECT_TRUE(must(get_user_to_manage(db(), root_, member_.user_id), "get").user.is_active);
}

TEST_P(UsersAdminTest, PersonnelIsMadeEditedAndDeactivated) {
  for (const domain::Caller& caller : {audit_, member_, staff_}) {
    EXPECT_EQ(code_of(list_personnel(db(), caller)), ErrorCode::kPermissionDenied);
  }
  std::int64_t id =
      must(create_personnel(db(), clock_, board_, member_.user_id, {"Mem", true, std::nullopt}),
           "create");
  EXPECT_TRUE(must(load_caller(db(), member_.user_id), "caller").personnel_id.has_value());
  EXPECT_EQ(create_personnel(db(), clock_, board_, member_.user_id, {"Again", true, std::nullopt})
                .error()
                .field,
            "user");
  EXPECT_EQ(create_personnel(db(), clock_, board_, 987654, {"X", true, std::nullopt}).error().field,
            "user");
  EXPECT_EQ(update_personnel(db(), clock_, board_, id, {"", true, std::nullopt}).error().field,
            "nickname");
  must(update_personnel(db(), clock_, board_, id, {"Memmie", false, "personel/ab.png"}), "edit");
  storage::PersonnelRow row = must(get_personnel(db(), board_, id), "get");
  EXPECT_EQ(row.personnel.nickname, "Memmie");
  EXPECT_EQ(row.personnel.image, "personel/ab.png");
  EXPECT_FALSE(row.personnel.active);
  // Deactivated: no longer Personnel, so no longer allowed to sell.
  domain::Caller after = must(load_caller(db(), member_.user_id), "caller");
  EXPECT_FALSE(after.personnel_id.has_value());
  EXPECT_FALSE(domain::can_sell(after));
  EXPECT_EQ(audit_count("create_personnel"), 1);
  EXPECT_EQ(audit_count("update_personnel"), 1);
  must(update_personnel(db(), clock_, board_, id, {"Memmie", false, std::nullopt}), "same");
  EXPECT_EQ(audit_count("update_personnel"), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, UsersAdminTest,
                         ::testing::ValuesIn(mamon::testing::backends_under_test()),
                         [](const auto& param_info) {
                           return mamon::testing::backend_name(param_info.param);
                         });

}  // namespace
}  // namespace mamon::service
