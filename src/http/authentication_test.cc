#include "http/middleware/authentication.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/user_lookup.h"
#include "service/tokens.h"

namespace mamon::http {
namespace {

using nlohmann::json;

constexpr TimestampUs kNow = 1'800'000'000'000'000;
constexpr std::int64_t kNowS = kNow / 1'000'000;
const std::string kSecretKey = "secret-key-secret-key-secret-key-!";
const std::string kJwtKey = "jwt-key-jwt-key-jwt-key-jwt-key-jwt-!";

Principal principal(std::int64_t user_id, std::string username, std::int64_t personnel_id = 0,
                    std::string client_application_id = {}) {
  Principal p;
  p.user_id = user_id;
  p.username = std::move(username);
  p.personnel_id = personnel_id;
  p.client_application_id = std::move(client_application_id);
  return p;
}

class FakeLookup final : public UserLookup {
 public:
  Result<Principal> find_user(std::int64_t user_id) const override {
    if (user_id == 7) return principal(7, "tapper", 3);
    if (user_id == 8) return make_error(ErrorCode::kNotFound, "no user 8");
    if (user_id == 9) return make_error(ErrorCode::kUnavailable, "database down");
    return make_error(ErrorCode::kUnauthenticated, "User not found");
  }
  Result<Principal> find_client_application(std::string_view identifier,
                                            std::string_view user_claim) const override {
    last_user_claim = std::string(user_claim);
    if (identifier == "c0ffee00-0000-4000-8000-000000000001") {
      Principal p = principal(5, "website", 0, std::string(identifier));
      p.client_paths = {"/api/holders/\\d+/?"};  // the stored patterns
      return p;
    }
    return make_error(ErrorCode::kUnauthenticated, "Unknown client application");
  }
  mutable std::string last_user_claim;
};

class AuthenticationTest : public ::testing::Test {
 protected:
  AuthenticationTest() : clock_(kNow), authenticator_(kSecretKey, kJwtKey, clock_, lookup_) {}

  std::string user_token(json overrides = json::object(), const std::string& key = kSecretKey) {
    json claims = {{"token_type", "access"}, {"user_id", 7}, {"exp", kNowS + 60}};
    claims.update(overrides);
    return service::sign_token(claims, key).value();
  }
  std::string client_token(json paths, const std::string& key = kJwtKey) {
    json claims = {{"IDENTIFIER", "c0ffee00-0000-4000-8000-000000000001"},
                   {"PATHS", std::move(paths)},
                   {"USER", "website"}};
    return service::sign_token(claims, key).value();
  }

  void expect_error(const Result<Principal>& r, ErrorCode code, std::string_view message = {}) {
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, code);
    if (!message.empty()) {
      EXPECT_EQ(r.error().message, message);
    }
  }

  FakeClock clock_;
  FakeLookup lookup_;
  TokenAuthenticator authenticator_;
};

TEST(ParseAuthorizationTest, RecognisesTheForms) {
  EXPECT_EQ(parse_authorization("").kind, CredentialKind::kMissing);
  EXPECT_EQ(parse_authorization("   ").kind, CredentialKind::kMissing);
  auto bearer = parse_authorization("Bearer abc.def.ghi");
  EXPECT_EQ(bearer.kind, CredentialKind::kUserToken);
  EXPECT_EQ(bearer.token, "abc.def.ghi");
  EXPECT_EQ(parse_authorization("bearer  x.y.z ").token, "x.y.z");
  EXPECT_EQ(parse_authorization("Authentication x.y.z").kind, CredentialKind::kUserToken);
  auto client = parse_authorization("abc.def.ghi");
  EXPECT_EQ(client.kind, CredentialKind::kClientToken);
  EXPECT_EQ(client.token, "abc.def.ghi");
  EXPECT_EQ(parse_authorization("Basic dXNlcjpwdw==").kind, CredentialKind::kMalformed);
  EXPECT_EQ(parse_authorization("Bearer").kind, CredentialKind::kClientToken);  // bare word
  EXPECT_EQ(parse_authorization("Bearer a b").kind, CredentialKind::kMalformed);
}

TEST(ClientPathTest, OnePatternMustMatchTheWholePath) {
  json paths = json::array({"/api/holders/\\d+/", "/api/products/"});
  EXPECT_TRUE(client_path_allowed(paths, "/api/holders/12/"));
  EXPECT_TRUE(client_path_allowed(paths, "/api/holders/12"));  // trailing slash optional
  EXPECT_TRUE(client_path_allowed(paths, "/api/products"));
  EXPECT_FALSE(client_path_allowed(paths, "/api/holders/12/cards/"));  // prefix is not enough
  EXPECT_FALSE(client_path_allowed(paths, "/x/api/products/"));
  EXPECT_FALSE(client_path_allowed(json::array({"(unclosed"}), "/api/"));
  EXPECT_FALSE(client_path_allowed(json::array({42}), "/api/"));
  EXPECT_FALSE(client_path_allowed(json("/api/.*"), "/api/x"));  // not a list
}

TEST(ClientPathTest, PythonStyleNamedGroupsWork) {
  EXPECT_TRUE(
      client_path_allowed(json::array({"/api/holders/(?P<id>[0-9]+)/"}), "/api/holders/4/"));
  EXPECT_FALSE(
      client_path_allowed(json::array({"/api/holders/(?P<id>[0-9]+)/"}), "/api/holders/x/"));
}

TEST(ClientPathTest, CatastrophicPatternsFailClosed) {
  std::string path = "/" + std::string(64, 'a') + "!";
  EXPECT_FALSE(client_path_allowed(json::array({"/(a+)+$"}), path));
}

TEST_F(AuthenticationTest, BearerAccessTokenGivesTheUser) {
  auto p = authenticator_.authenticate("Bearer " + user_token(), "/api/products/");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->user_id, 7);
  EXPECT_EQ(p->personnel_id, 3);
  EXPECT_TRUE(p->client_application_id.empty());
  EXPECT_TRUE(authenticator_.authenticate("Authentication " + user_token(), "/api/").ok());
}

TEST_F(AuthenticationTest, MissingHeaderIs401) {
  expect_error(authenticator_.authenticate("", "/api/"), ErrorCode::kUnauthenticated,
               "Authentication credentials were not provided.");
  expect_error(authenticator_.authenticate("Basic abc", "/api/"), ErrorCode::kUnauthenticated);
}

TEST_F(AuthenticationTest, ExpiredForgedOrWrongKeyTokensAre401) {
  expect_error(authenticator_.authenticate("Bearer " + user_token({{"exp", kNowS}}), "/api/"),
               ErrorCode::kUnauthenticated, "Token is expired");
  expect_error(
      authenticator_.authenticate("Bearer " + user_token(json::object(), kJwtKey), "/api/"),
      ErrorCode::kUnauthenticated, "Token is invalid");
  expect_error(authenticator_.authenticate("Bearer garbage", "/api/"), ErrorCode::kUnauthenticated);
}

TEST_F(AuthenticationTest, RefreshTokenIsNotAnAccessToken) {
  expect_error(
      authenticator_.authenticate("Bearer " + user_token({{"token_type", "refresh"}}), "/api/"),
      ErrorCode::kUnauthenticated, "Token has wrong type");
}

TEST_F(AuthenticationTest, TokenWithoutUserIdIs401) {
  expect_error(authenticator_.authenticate("Bearer " + user_token({{"user_id", "7"}}), "/api/"),
               ErrorCode::kUnauthenticated);
}

TEST_F(AuthenticationTest, LookupFailuresKeepTheirMeaning) {
  expect_error(authenticator_.authenticate("Bearer " + user_token({{"user_id", 8}}), "/api/"),
               ErrorCode::kUnauthenticated);  // kNotFound becomes 401
  expect_error(authenticator_.authenticate("Bearer " + user_token({{"user_id", 9}}), "/api/"),
               ErrorCode::kUnavailable);
  expect_error(authenticator_.authenticate("Bearer " + user_token({{"user_id", 10}}), "/api/"),
               ErrorCode::kUnauthenticated);
}

TEST_F(AuthenticationTest, ClientTokenOnAnAllowedPath) {
  auto p = authenticator_.authenticate(client_token(json::array({"/api/holders/\\d+/?"})),
                                       "/api/holders/3/");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->user_id, 5);
  EXPECT_EQ(p->client_application_id, "c0ffee00-0000-4000-8000-000000000001");
  EXPECT_EQ(lookup_.last_user_claim, "website");
}

TEST_F(AuthenticationTest, ClientTokenOnAnotherPathIs403) {
  expect_error(
      authenticator_.authenticate(client_token(json::array({"/api/holders/"})), "/api/purchases/"),
      ErrorCode::kPermissionDenied, "URL not allowed.");
}

TEST_F(AuthenticationTest, ClientTokenClaimGrantsNothingBeyondTheStoredPaths) {
  // The token claims every path; the application's stored patterns allow only holders.
  expect_error(authenticator_.authenticate(client_token(json::array({".*"})), "/api/purchases/"),
               ErrorCode::kPermissionDenied, "URL not allowed.");
  // And a claim that names fewer paths than are stored does not narrow them either.
  EXPECT_TRUE(
      authenticator_.authenticate(client_token(json::array({"/nothing"})), "/api/holders/4/").ok());
}

TEST_F(AuthenticationTest, ClientTokenSignedWithTheSecretKeyIs401) {
  expect_error(authenticator_.authenticate(client_token(json::array({".*"}), kSecretKey), "/api/"),
               ErrorCode::kUnauthenticated);
}

TEST_F(AuthenticationTest, UnknownClientIs401EvenOnADisallowedPath) {
  json claims = {{"IDENTIFIER", "unknown"}, {"PATHS", json::array({"/nothing"})}};
  std::string token = service::sign_token(claims, kJwtKey).value();
  expect_error(authenticator_.authenticate(token, "/api/"), ErrorCode::kUnauthenticated);
}

TEST_F(AuthenticationTest, UserTokenIsNotAClientToken) {
  // A bare user access token is verified with JWT_KEY and fails.
  expect_error(authenticator_.authenticate(user_token(), "/api/"), ErrorCode::kUnauthenticated);
}

// --- caches (issue 7, item 12) -----------------------------------------------------------------

// Counts what reaches the database-facing lookup.
class CountingLookup final : public UserLookup {
 public:
  Result<Principal> find_user(std::int64_t user_id) const override {
    ++calls;
    if (!active) return make_error(ErrorCode::kUnauthenticated, "inactive");
    return principal(user_id, "tapper", 3);
  }
  Result<Principal> find_client_application(std::string_view identifier,
                                            std::string_view) const override {
    ++client_calls;
    return principal(5, "website", 0, std::string(identifier));
  }
  mutable int calls = 0;
  mutable int client_calls = 0;
  mutable bool active = true;
};

TEST(CachingUserLookupTest, RemembersWithinTheBoundAndForgetsOnRequest) {
  FakeClock clock(kNow);
  CountingLookup inner;
  CachingUserLookup cache(inner, clock, std::chrono::milliseconds(2000));
  EXPECT_FALSE(cache.find_user_in_memory(7));
  ASSERT_TRUE(cache.find_user(7).ok());
  ASSERT_TRUE(cache.find_user(7).ok());
  EXPECT_EQ(inner.calls, 1);
  ASSERT_TRUE(cache.find_user_in_memory(7));
  EXPECT_EQ(cache.find_user_in_memory(7)->personnel_id, 3);

  // A change elsewhere (deactivation) is seen once the bound has passed.
  inner.active = false;
  clock.advance_us(1'999'000);
  EXPECT_TRUE(cache.find_user(7).ok());
  clock.advance_us(1'000);
  EXPECT_FALSE(cache.find_user_in_memory(7));
  EXPECT_EQ(cache.find_user(7).error().code, ErrorCode::kUnauthenticated);
  EXPECT_FALSE(cache.find_user_in_memory(7));  // errors are not cached
  EXPECT_EQ(inner.calls, 2);

  // A change on this instance: forget_user() drops the entry at once.
  inner.active = true;
  ASSERT_TRUE(cache.find_user(7).ok());
  cache.forget_user(7);
  EXPECT_FALSE(cache.find_user_in_memory(7));
  ASSERT_TRUE(cache.find_user(7).ok());
  EXPECT_EQ(inner.calls, 4);

  // Client applications are never cached (revoking one works at once).
  ASSERT_TRUE(cache.find_client_application("c", "").ok());
  ASSERT_TRUE(cache.find_client_application("c", "").ok());
  EXPECT_EQ(inner.client_calls, 2);
}

TEST_F(AuthenticationTest, FromMemoryOnlyAfterTheTokenVerifiedAndThePrincipalIsCached) {
  CountingLookup inner;
  CachingUserLookup cache(inner, clock_);
  TokenAuthenticator authenticator(kSecretKey, kJwtKey, clock_, cache);
  const std::string header = "Bearer " + user_token();
  EXPECT_FALSE(authenticator.authenticate_from_memory(header, "/api/products/"));
  ASSERT_TRUE(authenticator.authenticate(header, "/api/products/").ok());
  auto remembered = authenticator.authenticate_from_memory(header, "/api/products/");
  ASSERT_TRUE(remembered);
  EXPECT_EQ(remembered->user_id, 7);
  // A forged or other token is never answered from memory.
  EXPECT_FALSE(authenticator.authenticate_from_memory(header + "x", "/api/products/"));
  EXPECT_FALSE(authenticator.authenticate_from_memory(
      "Bearer " + user_token(json::object(), "other-key-other-key-other-key-other"), "/"));
  // The remembered token expires with the token itself.
  clock_.advance_us(61'000'000);
  EXPECT_FALSE(authenticator.authenticate_from_memory(header, "/api/products/"));
  expect_error(authenticator.authenticate(header, "/api/products/"), ErrorCode::kUnauthenticated);
}

}  // namespace
}  // namespace mamon::http
