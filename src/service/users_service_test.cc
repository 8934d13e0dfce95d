#include "service/users_service.h"

#include <gtest/gtest.h>

#include "service/passwords.h"
#include "service/service_test_fixture.h"
#include "storage/users_repo.h"

namespace mamon::service {
namespace {

using testing::code_of;
using testing::must;

CreateUserRequest new_user(std::string username) {
  CreateUserRequest r;
  r.username = std::move(username);
  r.password = "correct horse battery staple";
  r.first_name = "Anna";
  r.last_name = "de Vries";
  r.email = "anna@example.org";
  return r;
}

class UsersTest : public testing::ServiceTest {};

TEST_P(UsersTest, CreateUserWithHolderWalletGroupsAndPersonnel) {
  CreateUserRequest r = new_user("anna");
  r.groups = {"Tapper", "Bestuur", "Nieuwe groep"};
  r.personnel_nickname = "Annie";
  r.ledenbase_id = 31337;
  auto created = create_user(db(), clock_, r);
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(created->user.username, "anna");
  EXPECT_EQ(created->user.display_name(), "Anna de Vries");
  EXPECT_EQ(created->user.email, "anna@example.org");
  EXPECT_TRUE(created->user.is_active);
  EXPECT_FALSE(created->user.is_superuser);
  EXPECT_EQ(created->user.date_joined_at_us, testing::kStartUs);
  EXPECT_EQ(created->balance, Cents(0));
  EXPECT_EQ(created->holder.ledenbase_id, 31337);
  ASSERT_TRUE(created->personnel.has_value());
  EXPECT_EQ(created->personnel->nickname, "Annie");
  EXPECT_EQ(created->holder.account_id, account(domain::wallet_account_name(created->user.id)).id);
  EXPECT_EQ(verify_password("correct horse battery staple", created->user.password_hash),
            PasswordCheck::kMatch);
  EXPECT_EQ(verify_password("wrong", created->user.password_hash), PasswordCheck::kMismatch);

  auto caller = load_caller(db(), created->user.id);
  ASSERT_TRUE(caller.ok()) << caller.error().message;
  EXPECT_EQ(caller->groups, (std::vector<std::string>{"Bestuur", "Nieuwe groep", "Tapper"}));
  EXPECT_EQ(caller->personnel_id, created->personnel->id);
  EXPECT_EQ(caller->holder_id, created->holder.id);
  EXPECT_TRUE(domain::is_board(*caller));
  EXPECT_TRUE(domain::can_sell(*caller));

  // Existing groups are reused.
  CreateUserRequest second = new_user("bert");
  second.groups = {"Tapper"};
  second.is_superuser = true;
  auto bert = must(create_user(db(), clock_, second));
  EXPECT_TRUE(bert.user.is_superuser);
  EXPECT_FALSE(bert.personnel.has_value());
  auto bert_caller = must(load_caller(db(), bert.user.id));
  EXPECT_EQ(bert_caller.groups, (std::vector<std::string>{"Tapper"}));
  EXPECT_TRUE(bert_caller.is_superuser);
  EXPECT_FALSE(bert_caller.personnel_id.has_value());
}

TEST_P(UsersTest, CreateUserErrorsWriteNothing) {
  must(create_user(db(), clock_, [] {
    CreateUserRequest r = new_user("taken");
    r.ledenbase_id = 77;
    return r;
  }()));
  const auto before = counts();
  struct Case {
    const char* name;
    CreateUserRequest request;
    ErrorCode expected;
  };
  std::vector<Case> cases;
  CreateUserRequest empty_password = new_user("fresh");
  empty_password.password = "";
  cases.push_back({"empty password", empty_password, ErrorCode::kInvalidInput});
  cases.push_back({"empty username", new_user(""), ErrorCode::kInvalidInput});
  cases.push_back({"long username", new_user(std::string(151, 'u')), ErrorCode::kInvalidInput});
  cases.push_back({"control character", new_user("a\nb"), ErrorCode::kInvalidInput});
  CreateUserRequest empty_group = new_user("fresh");
  empty_group.groups = {""};
  cases.push_back({"empty group", empty_group, ErrorCode::kInvalidInput});
  CreateUserRequest bad_ledenbase = new_user("fresh");
  bad_ledenbase.ledenbase_id = 0;
  cases.push_back({"ledenbase id 0", bad_ledenbase, ErrorCode::kInvalidInput});
  cases.push_back({"username taken", new_user("taken"), ErrorCode::kConflict});
  CreateUserRequest ledenbase_taken = new_user("fresh");
  ledenbase_taken.ledenbase_id = 77;
  cases.push_back({"ledenbase id taken", ledenbase_taken, ErrorCode::kConflict});
  for (const Case& c : cases) {
    EXPECT_EQ(code_of(create_user(db(), clock_, c.request)), c.expected) << c.name;
    EXPECT_EQ(counts(), before) << c.name;
  }
}

TEST_P(UsersTest, AUserWithoutPasswordHasNoUsableLocalPassword) {
  CreateUserRequest request = new_user("ledenbase-only");
  request.password.reset();
  auto created = create_user(db(), clock_, request);
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(created->user.password_hash, "");
  EXPECT_NE(verify_password("", created->user.password_hash), PasswordCheck::kMatch);
}

TEST_P(UsersTest, OnlySuperusersCreateUsersThroughTheCallerOverload) {
  domain::Caller board = add_user("board", false, {"Bestuur"});
  EXPECT_EQ(code_of(create_user(db(), clock_, board, new_user("x"))), ErrorCode::kPermissionDenied);
  domain::Caller root = add_user("root", false, {}, /*superuser=*/true);
  EXPECT_TRUE(create_user(db(), clock_, root, new_user("x")).ok());
}

TEST_P(UsersTest, LoadCallerRefusesUnknownInactiveAndSystemUsers) {
  EXPECT_EQ(code_of(load_caller(db(), 987654)), ErrorCode::kUnauthenticated);
  std::int64_t cash_user = in_tx([&](storage::Transaction& tx) {
    return must(storage::find_user_by_username(tx, domain::kSystemUserCash)).id;
  });
  EXPECT_EQ(code_of(load_caller(db(), cash_user)), ErrorCode::kUnauthenticated);
  domain::Caller staff = add_staff("staff");
  EXPECT_TRUE(staff.personnel_id.has_value());
  in_tx([&](storage::Transaction& tx) {
    must(storage::set_personnel_active(tx, *staff.personnel_id, false));
    return 0;
  });
  EXPECT_FALSE(must(load_caller(db(), staff.user_id)).personnel_id.has_value());
}

MAMON_SERVICE_SUITE(UsersTest);

}  // namespace
}  // namespace mamon::service
