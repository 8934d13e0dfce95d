// Login (timing guard, ledenbase seam, failure limits), refresh rotation with reuse detection and
// client applications, on every backend.
#include "service/auth_service.h"

#include <nlohmann/json.hpp>

#include "base/limits.h"
#include "service/passwords.h"
#include "service/products_service.h"
#include "service/service_test_fixture.h"
#include "service/tokens.h"
#include "storage/auth_repo.h"
#include "storage/login_attempts_repo.h"

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
      if (!active)
        must(tx.query("UPDATE users SET is_active = $1 WHERE id = $2", {false, caller.user_id}));
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
  EXPECT_EQ(code_of(auth.refresh(second.access)), ErrorCode::kUnauthenticated);  // wrong type
  EXPECT_EQ(code_of(auth.refresh(first.refresh)), ErrorCode::kUnauthenticated);  // reused
  // Reuse revoked the family: the token that replaced `first` stops working too.
  EXPECT_EQ(code_of(auth.refresh(second.refresh)), ErrorCode::kUnauthenticated);
}

// --- timing guard and ledenbase seam ------------------------------------------------------------

// A ledenbase that knows one username/password and counts every question.
class FakeLedenbase : public LedenbaseAuthenticator {
 public:
  Result<std::optional<std::int64_t>> authenticate(std::string_view username,
                                                   std::string_view password) const override {
    ++calls;
    if (username == known_username && password == known_password) return user_id;
    return std::optional<std::int64_t>();
  }
  mutable int calls = 0;
  std::string known_username;
  std::string known_password;
  std::optional<std::int64_t> user_id;
};

// Exactly one dummy verification per login that has no real hash to check, none otherwise: every
// failed login costs one argon2 check whether or not the username exists.
TEST_P(AuthTest, FailedLoginsWithoutARealHashVerifyTheDummyHash) {
  add_login("known");
  add_login("inactive", /*active=*/false);
  add_user("nopassword");  // no usable local password
  std::int64_t system_id = add_login("system");
  in_tx([&](storage::Transaction& tx) {
    return must(tx.query("UPDATE users SET is_system = $1 WHERE id = $2", {true, system_id}));
  });
  add_login("pbkdf2");
  in_tx([&](storage::Transaction& tx) {
    return must(tx.query("UPDATE users SET password_hash = 'bogus$format' WHERE username = $1",
                         {std::string("pbkdf2")}));
  });
  AuthService auth(db(), clock_, config_);
  auto dummy_checks_of = [&](std::string_view username, std::string_view password) {
    const std::uint64_t before = dummy_password_verifications();
    EXPECT_EQ(code_of(auth.login(username, password, "10.0.0.1")), ErrorCode::kInvalidCredentials)
        << username;
    return dummy_password_verifications() - before;
  };
  EXPECT_EQ(dummy_checks_of("nobody", kPassword), 1u);
  EXPECT_EQ(dummy_checks_of("nopassword", kPassword), 1u);
  EXPECT_EQ(dummy_checks_of("inactive", kPassword), 1u);
  EXPECT_EQ(dummy_checks_of("system", kPassword), 1u);
  EXPECT_EQ(dummy_checks_of("pbkdf2", kPassword), 1u);  // unusable stored hash
  EXPECT_EQ(dummy_checks_of("known", "wrong"), 0u);     // its real hash was checked instead
  const std::uint64_t before = dummy_password_verifications();
  must(auth.login("known", kPassword, "10.0.0.1"), "right password");
  EXPECT_EQ(dummy_password_verifications(), before);
}

TEST(DummyPasswordTest, NeverMatchesAndCostsAnArgon2Check) {
  prepare_dummy_password_hash();
  const std::uint64_t before = dummy_password_verifications();
  verify_dummy_password("");
  verify_dummy_password(kPassword);
  EXPECT_EQ(dummy_password_verifications(), before + 2);
}

// The ledenbase is asked for unknown usernames and for members without a local password; a
// local password is never overruled (service/ledenbase_login_test.cc has the member side).
TEST_P(AuthTest, TheLedenbaseIsAskedForUnknownUsersAndMembersWithoutLocalPassword) {
  std::int64_t known = add_login("known");
  const domain::Caller member = add_user("member", false, {}, false, /*ledenbase_id=*/31);
  FakeLedenbase ledenbase;
  ledenbase.known_username = "member";
  ledenbase.known_password = "ledenbase password";
  ledenbase.user_id = member.user_id;
  AuthService auth(db(), clock_, config_, &ledenbase);

  EXPECT_EQ(code_of(auth.login("known", "wrong", "ip")), ErrorCode::kInvalidCredentials);
  EXPECT_EQ(ledenbase.calls, 0);  // a known user with a local password: never asked
  EXPECT_EQ(code_of(auth.login("nobody", "wrong", "ip")), ErrorCode::kInvalidCredentials);
  EXPECT_EQ(ledenbase.calls, 1);
  EXPECT_EQ(code_of(auth.login("member", "wrong", "ip")), ErrorCode::kInvalidCredentials);
  EXPECT_EQ(ledenbase.calls, 2);
  IssuedTokens tokens = must(auth.login("member", "ledenbase password", "ip"), "via ledenbase");
  EXPECT_EQ(tokens.profile.user.id, member.user_id);
  EXPECT_EQ(ledenbase.calls, 3);
  must(auth.login("known", kPassword, "ip"), "local password");
  EXPECT_EQ(ledenbase.calls, 3);  // a right local password needs no ledenbase
  (void)known;
}

// --- input checks (item 11) ----------------------------------------------------------------------

TEST_P(AuthTest, OverLongFieldsSayTooLongAndEmptyOnesBlank) {
  add_login("anna");
  AuthService auth(db(), clock_, config_);
  auto error_of = [&](std::string_view username, std::string_view password) {
    Result<IssuedTokens> r = auth.login(username, password, "ip");
    EXPECT_FALSE(r.ok());
    return r.ok() ? Error{} : r.error();
  };
  Error e = error_of(std::string(limits::kNameLengthMax + 1, 'a'), kPassword);
  EXPECT_EQ(e.code, ErrorCode::kInvalidInput);
  EXPECT_EQ(e.field, "username");
  EXPECT_EQ(e.message, "Ensure this field has no more than 150 characters.");
  e = error_of("anna", std::string(limits::kPasswordLengthMax + 1, 'p'));
  EXPECT_EQ(e.field, "password");
  EXPECT_EQ(e.message, "Ensure this field has no more than 1024 characters.");
  e = error_of("", kPassword);
  EXPECT_EQ(e.field, "username");
  EXPECT_EQ(e.message, "This field may not be blank.");
  e = error_of("anna", "");
  EXPECT_EQ(e.field, "password");
  EXPECT_EQ(e.message, "This field may not be blank.");
  // At the limits the fields are accepted (and merely wrong).
  EXPECT_EQ(code_of(auth.login(std::string(limits::kNameLengthMax, 'a'),
                               std::string(limits::kPasswordLengthMax, 'p'), "ip")),
            ErrorCode::kInvalidCredentials);
  // Bad input is not an attempt: only the one wrong login above was counted.
  storage::LoginFailureCounts counts = in_tx([&](storage::Transaction& tx) {
    return must(storage::find_login_failures(tx, "anna", "ip", 0));
  });
  EXPECT_FALSE(counts.pair);
  EXPECT_EQ(counts.address->failures, 1);
}

// --- failure limits (limits.h "Login") -----------------------------------------------------------

constexpr TimestampUs kSecondUs = 1'000'000;

// One address hammering a name is stopped for that pair only: the owner's right password from
// another address still works at once, and the hammering address may try again after the window.
TEST_P(AuthTest, ThePairIsLimitedButTheRightPasswordFromAnotherAddressWorks) {
  add_login("anna");
  AuthService auth(db(), clock_, config_);
  for (int i = 0; i < limits::kLoginFailuresPerPairMax; ++i) {
    ASSERT_EQ(code_of(auth.login("anna", "guess", "6.6.6.6")), ErrorCode::kInvalidCredentials);
  }
  std::int64_t retry_after_s = 0;
  Result<IssuedTokens> refused = auth.login("anna", kPassword, "6.6.6.6", &retry_after_s);
  EXPECT_EQ(code_of(refused), ErrorCode::kRateLimited);
  EXPECT_EQ(retry_after_s, limits::kLoginFailureWindowSeconds);
  must(auth.login("anna", kPassword, "10.0.0.1"), "owner from another address");

  // Another instance sharing the database sees the same counters.
  AuthService other(db(), clock_, config_);
  EXPECT_EQ(code_of(other.login("anna", kPassword, "6.6.6.6")), ErrorCode::kRateLimited);

  clock_.advance_us((limits::kLoginFailureWindowSeconds - 1) * kSecondUs);
  retry_after_s = 0;
  EXPECT_EQ(code_of(auth.login("anna", kPassword, "6.6.6.6", &retry_after_s)),
            ErrorCode::kRateLimited);
  EXPECT_EQ(retry_after_s, 1);
  clock_.advance_us(kSecondUs);
  must(auth.login("anna", kPassword, "6.6.6.6"), "after the window");
}

TEST_P(AuthTest, ASuccessfulLoginForgetsThePairsFailures) {
  add_login("anna");
  AuthService auth(db(), clock_, config_);
  for (int i = 0; i < limits::kLoginFailuresPerPairMax - 1; ++i) {
    ASSERT_EQ(code_of(auth.login("anna", "typo", "10.0.0.1")), ErrorCode::kInvalidCredentials);
  }
  must(auth.login("anna", kPassword, "10.0.0.1"), "login");
  EXPECT_EQ(code_of(auth.login("anna", "typo", "10.0.0.1")), ErrorCode::kInvalidCredentials);
  must(auth.login("anna", kPassword, "10.0.0.1"), "the pair starts again");
}

// The username is only slowed down, the same for a known and an unknown name; each wait is
// short and counted from the last failure, never a sleep.
TEST_P(AuthTest, TheUsernameIsSlowedDownTheSameWhetherItExistsOrNot) {
  add_login("anna");
  AuthService auth(db(), clock_, config_);
  for (const char* name : {"anna", "ghost"}) {
    SCOPED_TRACE(name);
    // Spread over addresses so that no pair or address limit applies.
    for (int i = 0; i < limits::kLoginFailuresPerUsernameFree; ++i) {
      ASSERT_EQ(code_of(auth.login(name, "guess", "10.1.0." + std::to_string(i))),
                ErrorCode::kInvalidCredentials);
    }
    ASSERT_EQ(code_of(auth.login(name, "guess", "10.2.0.1")), ErrorCode::kInvalidCredentials);
    std::int64_t retry_after_s = 0;
    EXPECT_EQ(code_of(auth.login(name, kPassword, "10.3.0.1", &retry_after_s)),
              ErrorCode::kRateLimited);
    EXPECT_EQ(retry_after_s, 1);
    clock_.advance_us(kSecondUs);
    ASSERT_EQ(code_of(auth.login(name, "guess", "10.2.0.2")), ErrorCode::kInvalidCredentials);
    EXPECT_EQ(code_of(auth.login(name, kPassword, "10.3.0.1", &retry_after_s)),
              ErrorCode::kRateLimited);
    EXPECT_EQ(retry_after_s, 2);
    clock_.advance_us(2 * kSecondUs);
  }
  must(auth.login("anna", kPassword, "10.3.0.1"), "after the delay");
}

TEST(LoginRetryAfterTest, FollowsTheLimitsOfLimitsH) {
  using storage::LoginFailures;
  const TimestampUs now = 1'000 * kSecondUs;
  storage::LoginFailureCounts counts;
  EXPECT_FALSE(login_retry_after_s(counts, now));
  // The pair and the address: refused for the window after the last failure once at the max.
  counts.pair = LoginFailures{limits::kLoginFailuresPerPairMax - 1, now};
  EXPECT_FALSE(login_retry_after_s(counts, now));
  counts.pair->failures = limits::kLoginFailuresPerPairMax;
  EXPECT_EQ(login_retry_after_s(counts, now), limits::kLoginFailureWindowSeconds);
  counts.pair.reset();
  counts.address = LoginFailures{limits::kLoginFailuresPerAddressMax - 1, now};
  EXPECT_FALSE(login_retry_after_s(counts, now));
  counts.address->failures = limits::kLoginFailuresPerAddressMax;
  EXPECT_EQ(login_retry_after_s(counts, now + kSecondUs / 2),
            limits::kLoginFailureWindowSeconds);  // rounded up to whole seconds
  counts.address.reset();
  // The username: free failures, then 1, 2, 4, ... s from the last failure, capped.
  counts.username = LoginFailures{limits::kLoginFailuresPerUsernameFree, now};
  EXPECT_FALSE(login_retry_after_s(counts, now));
  std::vector<std::int64_t> delays;
  for (int k = 1; k <= 8; ++k) {
    counts.username->failures = limits::kLoginFailuresPerUsernameFree + k;
    delays.push_back(login_retry_after_s(counts, now).value_or(0));
  }
  EXPECT_EQ(delays, (std::vector<std::int64_t>{1, 2, 4, 8, 16, 30, 30, 30}));
  counts.username->failures = 1'000'000;
  EXPECT_EQ(login_retry_after_s(counts, now), limits::kLoginUsernameDelaySecondsMax);
  EXPECT_FALSE(login_retry_after_s(counts, now + 30 * kSecondUs));
  // The largest wait wins.
  counts.pair = LoginFailures{limits::kLoginFailuresPerPairMax, now};
  EXPECT_EQ(login_retry_after_s(counts, now), limits::kLoginFailureWindowSeconds);
}

// --- refresh families ----------------------------------------------------------------------------

TEST_P(AuthTest, ReusingARotatedRefreshTokenRevokesItsWholeFamily) {
  add_login("dora");
  AuthService auth(db(), clock_, config_);
  IssuedTokens first = must(auth.login("dora", kPassword, "ip"), "login");
  IssuedTokens other_device = must(auth.login("dora", kPassword, "ip"), "second login");
  clock_.advance_us(kSecondUs);
  IssuedTokens second = must(auth.refresh(first.refresh), "refresh");
  IssuedTokens third = must(auth.refresh(second.refresh), "refresh again");

  // The stolen copy of `first` is replayed: refused, and every descendant stops working.
  EXPECT_EQ(code_of(auth.refresh(first.refresh)), ErrorCode::kUnauthenticated);
  EXPECT_EQ(code_of(auth.refresh(third.refresh)), ErrorCode::kUnauthenticated);
  EXPECT_EQ(code_of(auth.refresh(second.refresh)), ErrorCode::kUnauthenticated);
  // Another login is another family.
  must(auth.refresh(other_device.refresh), "other family");
}

TEST_P(AuthTest, RefreshTokensRecordTheirFamilyAndParent) {
  add_login("dora");
  AuthService auth(db(), clock_, config_);
  IssuedTokens first = must(auth.login("dora", kPassword, "ip"), "login");
  IssuedTokens second = must(auth.refresh(first.refresh), "refresh");
  auto jti_of = [&](const std::string& token) {
    return must(verify_token(token, config_.secret_key, clock_.now_us()))["jti"].get<std::string>();
  };
  const std::string first_jti = jti_of(first.refresh);
  storage::QueryResult rows = in_tx([&](storage::Transaction& tx) {
    return must(
        tx.query("SELECT jti, family_jti, parent_jti FROM refresh_tokens ORDER BY "
                 "created_at_us, parent_jti IS NOT NULL"));
  });
  ASSERT_EQ(rows.rows.size(), 2u);
  EXPECT_EQ(rows.rows[0].get_text(0), first_jti);
  EXPECT_EQ(rows.rows[0].get_text(1), first_jti);
  EXPECT_EQ(rows.rows[1].get_text(0), jti_of(second.refresh));
  EXPECT_EQ(rows.rows[1].get_text(1), first_jti);
  EXPECT_EQ(rows.rows[1].get_text(2), first_jti);
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

MAMON_SERVICE_SUITE(AuthTest);

}  // namespace
}  // namespace mamon::service
