// Login, refresh rotation, the login rate limiter and client applications, on every backend.
#include "service/auth_service.h"

#include <nlohmann/json.hpp>

#include "base/limits.h"
#include "service/passwords.h"
#include "service/products_service.h"
#include "service/service_test_fixture.h"
#include "service/tokens.h"

namespace mamon::service {
namespace {

using testing::code_of;
using testing::must;

constexpr const char* kPassword = "correct horse";

class AuthTest : public testing::ServiceTest {
 protected:
  AuthTest() {
    config_.secret_key = "secret-key-for-tests-0123456789abcdef";
    config_.public_url = "https://bar.example";
  }

  std::int64_t add_login(const std::string& username, bool active = true) {
    domain::Caller caller = add_user(username, true, {"Tapper"});
    std::string hash = must(hash_password(kPassword), "hash");
    in_tx([&](storage::Transaction& tx) {
      must(storage::set_user_password_hash(tx, caller.user_id, hash), "set hash");
      if (!active) must(tx.query("UPDATE users SET is_active = $1 WHERE id = $2", {false, caller.user_id}));
      return 0;
    });
    return caller.user_id;
  }

  Config config_;
};

TEST_P(AuthTest, LoginIssuesTokensWithTheContractClaims) {
  std::int64_t user_id = add_login("anna");
  AuthService auth(db(), clock_, config_);
  IssuedTokens tokens = must(auth.login("anna", kPassword, "10.0.0.1"), "login");
  nlohmann::json claims = must(verify_token(tokens.access, config_.secret_key, clock_.now_us()));
  EXPECT_EQ(claims["token_type"], "access");
  EXPECT_EQ(claims["user_id"], user_id);
  EXPECT_EQ(claims["username"], "anna");
  EXPECT_EQ(claims["name"], "anna Tester");
  EXPECT_EQ(claims["roles"], nlohmann::json::array({"Tapper"}));
  EXPECT_GT(claims["personel_id"].get<std::int64_t>(), 0);
  EXPECT_EQ(claims["nickname"], "anna-nick");
  EXPECT_EQ(claims["exp"], tokens.access_expires_at_s);
  nlohmann::json refresh = must(verify_token(tokens.refresh, config_.secret_key, clock_.now_us()));
  EXPECT_EQ(refresh["token_type"], "refresh");
  EXPECT_EQ(tokens.profile.user.id, user_id);
}

TEST_P(AuthTest, WrongPasswordUnknownUserAndInactiveUserAreInvalidCredentials) {
  add_login("bert");
  add_login("carl", /*active=*/false);
  AuthService auth(db(), clock_, config_);
  EXPECT_EQ(code_of(auth.login("bert", "wrong", "ip")), ErrorCode::kInvalidCredentials);
  EXPECT_EQ(code_of(auth.login("nobody", kPassword, "ip")), ErrorCode::kInvalidCredentials);
  EXPECT_EQ(code_of(auth.login("carl", kPassword, "ip")), ErrorCode::kInvalidCredentials);
  EXPECT_EQ(code_of(auth.login("", kPassword, "ip")), ErrorCode::kInvalidInput);
  EXPECT_EQ(code_of(auth.login("bert", "", "ip")), ErrorCode::kInvalidInput);
}

TEST_P(AuthTest, RefreshRotatesAndRefusesReuse) {
  add_login("dora");
  AuthService auth(db(), clock_, config_);
  IssuedTokens first = must(auth.login("dora", kPassword, "ip"), "login");
  clock_.advance_us(1'000'000);
  IssuedTokens second = must(auth.refresh(first.refresh), "refresh");
  EXPECT_NE(second.refresh, first.refresh);
  EXPECT_EQ(code_of(auth.refresh(first.refresh)), ErrorCode::kUnauthenticated);
  EXPECT_EQ(code_of(auth.refresh(second.access)), ErrorCode::kUnauthenticated);  // wrong type
  must(auth.refresh(second.refresh), "second refresh");
}

TEST(LoginRateLimiterTest, RefusesAfterTooManyFailuresAndForgetsAfterTheWindow) {
  LoginRateLimiter limiter;
  constexpr TimestampUs kSecond = 1'000'000;
  for (int i = 0; i < limits::kLoginAttemptsPerUsernamePerWindow; ++i) {
    ASSERT_TRUE(limiter.check("eve", "1.2.3.4", i * kSecond).ok());
    limiter.record_failure("eve", "1.2.3.4", i * kSecond);
  }
  EXPECT_EQ(limiter.check("eve", "9.9.9.9", 20 * kSecond).error().code, ErrorCode::kRateLimited);
  EXPECT_TRUE(limiter.check("fred", "9.9.9.9", 20 * kSecond).ok());
  EXPECT_TRUE(
      limiter.check("eve", "1.2.3.4", (limits::kLoginAttemptWindowSeconds + 20) * kSecond).ok());
}

TEST(LoginRateLimiterTest, LimitsPerIpAcrossUsernames) {
  LoginRateLimiter limiter;
  for (int i = 0; i < limits::kLoginAttemptsPerIpPerWindow; ++i) {
    limiter.record_failure("user" + std::to_string(i), "5.5.5.5", 0);
  }
  EXPECT_EQ(limiter.check("someone", "5.5.5.5", 1).error().code, ErrorCode::kRateLimited);
  EXPECT_TRUE(limiter.check("someone", "6.6.6.6", 1).ok());
}

TEST_P(AuthTest, ClientApplicationsAreCreatedBySuperusersAndRevocable) {
  domain::Caller root = add_user("root", false, {}, /*superuser=*/true);
  domain::Caller site = add_member("website");
  EXPECT_EQ(code_of(create_client_application(db(), clock_, site, "web", site.user_id)),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(code_of(create_client_application(db(), clock_, root, "", site.user_id)),
            ErrorCode::kInvalidInput);
  EXPECT_EQ(code_of(create_client_application(db(), clock_, root, "web", 999999)),
            ErrorCode::kNotFound);
  std::string identifier =
      must(create_client_application(db(), clock_, root, "web", site.user_id), "create");
  EXPECT_EQ(identifier.size(), 36u);
  UserProfile profile = must(load_client_application_user(db(), identifier), "load");
  EXPECT_EQ(profile.user.id, site.user_id);
  EXPECT_EQ(code_of(load_client_application_user(db(), "no-such-client")),
            ErrorCode::kUnauthenticated);
  in_tx([&](storage::Transaction& tx) {
    return must(tx.query("UPDATE client_applications SET revoked_at_us = $1 WHERE identifier = $2",
                         {clock_.now_us(), identifier}));
  });
  EXPECT_EQ(code_of(load_client_application_user(db(), identifier)), ErrorCode::kUnauthenticated);
}

TEST_P(AuthTest, UpdateProductChecksPermissionColourAndUniqueName) {
  domain::Caller board = add_user("board", false, {"Bestuur"});
  domain::Caller tapper = add_staff("tapper");
  std::int64_t beer = add_product("Beer", 250);
  add_product("Wine", 300);
  EXPECT_EQ(code_of(update_product(db(), tapper, beer, "Pils", "#aabbcc")),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(code_of(update_product(db(), board, beer, "Pils", "red")), ErrorCode::kInvalidInput);
  EXPECT_EQ(code_of(update_product(db(), board, beer, "", "#aabbcc")), ErrorCode::kInvalidInput);
  EXPECT_EQ(code_of(update_product(db(), board, beer, "Wine", "#aabbcc")), ErrorCode::kConflict);
  EXPECT_EQ(code_of(update_product(db(), board, 424242, "Pils", "#aabbcc")),
            ErrorCode::kProductNotFound);
  domain::Product updated = must(update_product(db(), board, beer, "Pils", "#AABBCC"), "update");
  EXPECT_EQ(updated.name, "Pils");
  EXPECT_EQ(updated.color, "#AABBCC");
  EXPECT_EQ(updated.price, Cents(250));
}

TEST(AbsoluteMediaUrlTest, JoinsPublicUrlAndKeepsAbsoluteUrls) {
  EXPECT_EQ(absolute_media_url("https://bar.example/", "products/beer.png"),
            "https://bar.example/media/products/beer.png");
  EXPECT_EQ(absolute_media_url("https://bar.example", "/media/x.png"),
            "https://bar.example/media/x.png");
  EXPECT_EQ(absolute_media_url("https://bar.example", "https://cdn.example/y.png"),
            "https://cdn.example/y.png");
  EXPECT_EQ(absolute_media_url("https://bar.example", ""), "");
}

MAMON_SERVICE_SUITE(AuthTest);

}  // namespace
}  // namespace mamon::service
