#include "service/client_applications_service.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "service/service_test_fixture.h"
#include "service/tokens.h"
#include "storage/audit_repo.h"

namespace mamon::service {
namespace {

using testing::code_of;
using testing::must;

constexpr std::string_view kJwtKey = "jwt-key-jwt-key-jwt-key-jwt-key-jwt-!";

class ClientApplicationsTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    root_ = add_user("root", false, {}, /*superuser=*/true);
    board_ = add_user("board", false, {"Bestuur"});
    audit_ = add_user("kascie", false, {"Kascommissie"});
    add_member("website");
  }

  ClientApplicationInput input(std::vector<std::string> paths = {"/api/products/?"}) {
    return {"Website", "website", std::move(paths)};
  }

  std::int64_t audit_count(std::string_view action) {
    return in_tx([&](storage::Transaction& tx) {
      return must(tx.query("SELECT COUNT(*) FROM audit_log WHERE action = $1",
                           {std::string(action)}))
          .rows[0]
          .get_int(0);
    });
  }

  std::optional<TimestampUs> last_used(std::int64_t id) {
    return must(get_client_application(db(), root_, id), "get").last_used_at_us;
  }

  domain::Caller root_, board_, audit_;
};

TEST_P(ClientApplicationsTest, OnlyManageClientsMayManage) {
  for (const domain::Caller& caller : {board_, audit_}) {
    auto created = create_client_application(db(), clock_, kJwtKey, caller, input());
    ASSERT_EQ(code_of(created), ErrorCode::kPermissionDenied);
    EXPECT_EQ(created.error().permission, "manage_clients");
    EXPECT_EQ(code_of(list_client_applications(db(), caller)), ErrorCode::kPermissionDenied);
    EXPECT_EQ(code_of(revoke_client_application(db(), clock_, caller, 1)),
              ErrorCode::kPermissionDenied);
  }
  EXPECT_TRUE(create_client_application(db(), clock_, kJwtKey, cli_operator(), input()).ok());
}

TEST_P(ClientApplicationsTest, CreateMintsATokenWithTheStoredPathsAndAudits) {
  CreatedClientApplication created =
      must(create_client_application(db(), clock_, kJwtKey, root_, input()), "create");
  EXPECT_EQ(created.identifier.size(), 36u);
  nlohmann::json claims = must(
      verify_token(created.token, kJwtKey, clock_.now_us(), ExpiryPolicy::kOptional), "verify");
  EXPECT_EQ(claims["IDENTIFIER"], created.identifier);
  EXPECT_EQ(claims["USER"], "website");
  EXPECT_EQ(claims["PATHS"], nlohmann::json::array({"/api/products/?"}));
  storage::ClientApplicationRow row = must(get_client_application(db(), root_, created.id), "get");
  EXPECT_EQ(row.name, "Website");
  EXPECT_EQ(row.username, "website");
  EXPECT_EQ(row.paths, std::vector<std::string>{"/api/products/?"});
  EXPECT_FALSE(row.last_used_at_us.has_value());
  EXPECT_EQ(audit_count("create_client_application"), 1);
  EXPECT_EQ(must(list_client_applications(db(), root_), "list").size(), 1u);
}

TEST_P(ClientApplicationsTest, InvalidInputIsRefusedByField) {
  auto bad_path = create_client_application(db(), clock_, kJwtKey, root_, input({"(unclosed"}));
  ASSERT_EQ(code_of(bad_path), ErrorCode::kInvalidInput);
  EXPECT_EQ(bad_path.error().field, "paths");
  EXPECT_NE(bad_path.error().message.find("(unclosed"), std::string::npos);
  EXPECT_EQ(create_client_application(db(), clock_, kJwtKey, root_, input({})).error().field,
            "paths");
  ClientApplicationInput no_user = input();
  no_user.username = "nobody";
  EXPECT_EQ(create_client_application(db(), clock_, kJwtKey, root_, no_user).error().field, "user");
  ClientApplicationInput no_name = input();
  no_name.name = "  ";
  EXPECT_EQ(create_client_application(db(), clock_, kJwtKey, root_, no_name).error().field, "name");
  EXPECT_EQ(code_of(create_client_application(db(), clock_, "", root_, input())),
            ErrorCode::kUnavailable);
  EXPECT_EQ(audit_count("create_client_application"), 0);
}

TEST_P(ClientApplicationsTest, ParsePathsTakesOnePerLine) {
  EXPECT_EQ(must(parse_client_paths(" /api/a/\r\n\n/api/b/ \n"), "parse"),
            (std::vector<std::string>{"/api/a/", "/api/b/"}));
  EXPECT_EQ(code_of(parse_client_paths("/api/a/\n[x")), ErrorCode::kInvalidInput);
  EXPECT_EQ(code_of(parse_client_paths("\n \n")), ErrorCode::kInvalidInput);
}

TEST_P(ClientApplicationsTest, EditPathsAndRevokeAreAuditedAndTakeEffect) {
  CreatedClientApplication created =
      must(create_client_application(db(), clock_, kJwtKey, root_, input()), "create");
  must(update_client_application_paths(db(), clock_, root_, created.id, {"/api/holders/"}),
       "update");
  ClientApplicationAccess access =
      must(load_client_application_access(db(), clock_, created.identifier), "access");
  EXPECT_EQ(access.paths, std::vector<std::string>{"/api/holders/"});
  EXPECT_EQ(access.profile.user.username, "website");
  // Saving the same paths changes nothing and writes no entry.
  must(update_client_application_paths(db(), clock_, root_, created.id, {"/api/holders/"}), "same");
  EXPECT_EQ(audit_count("update_client_application"), 1);
  EXPECT_EQ(update_client_application_paths(db(), clock_, root_, created.id, {"("}).error().field,
            "paths");
  must(revoke_client_application(db(), clock_, root_, created.id), "revoke");
  must(revoke_client_application(db(), clock_, root_, created.id), "revoke twice");
  EXPECT_EQ(audit_count("revoke_client_application"), 1);
  EXPECT_EQ(code_of(load_client_application_access(db(), clock_, created.identifier)),
            ErrorCode::kUnauthenticated);
  EXPECT_EQ(code_of(update_client_application_paths(db(), clock_, root_, created.id, {"/x/"})),
            ErrorCode::kConflict);
  EXPECT_EQ(code_of(revoke_client_application(db(), clock_, root_, 424242)), ErrorCode::kNotFound);
}

TEST_P(ClientApplicationsTest, LastUseIsWrittenAtMostOnceAMinute) {
  CreatedClientApplication created =
      must(create_client_application(db(), clock_, kJwtKey, root_, input()), "create");
  const TimestampUs first = clock_.now_us();
  must(load_client_application_access(db(), clock_, created.identifier), "first use");
  EXPECT_EQ(last_used(created.id), first);
  clock_.advance_us(59'000'000);
  must(load_client_application_access(db(), clock_, created.identifier), "within the minute");
  EXPECT_EQ(last_used(created.id), first);
  clock_.advance_us(1'000'000);
  must(load_client_application_access(db(), clock_, created.identifier), "a minute later");
  EXPECT_EQ(last_used(created.id), first + 60'000'000);
  // The conditional update itself refuses a write within the interval (another instance).
  EXPECT_FALSE(in_tx([&](storage::Transaction& tx) {
    return must(storage::record_client_application_use(tx, created.identifier, clock_.now_us() + 1,
                                                       clock_.now_us() - kClientLastUseIntervalUs),
                "record");
  }));
}

TEST_P(ClientApplicationsTest, AuditRowRollsBackWithItsTransaction) {
  CreatedClientApplication created =
      must(create_client_application(db(), clock_, kJwtKey, root_, input()), "create");
  {
    auto tx = must(db().begin(storage::TxMode::kWrite), "begin");
    must(storage::replace_client_application_paths(*tx, created.id, {"/api/x/"}), "paths");
    storage::NewAuditEntry entry{root_.user_id,
                                 "update_client_application",
                                 "client_application",
                                 std::to_string(created.id),
                                 "{}",
                                 clock_.now_us()};
    must(storage::insert_audit_entry(*tx, entry), "audit");
    // Destroyed without commit: rolled back.
  }
  EXPECT_EQ(audit_count("update_client_application"), 0);
  EXPECT_EQ(must(get_client_application(db(), root_, created.id), "get").paths,
            std::vector<std::string>{"/api/products/?"});
}

INSTANTIATE_TEST_SUITE_P(Backends, ClientApplicationsTest,
                         ::testing::ValuesIn(mamon::testing::backends_under_test()),
                         [](const auto& param_info) {
                           return mamon::testing::backend_name(param_info.param);
                         });

}  // namespace
}  // namespace mamon::service
