#include "service/tokens.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace mamon::service {
namespace {

using nlohmann::json;

constexpr TimestampUs kNow = 1'800'000'000'000'000;  // 2027-01-15, whole seconds
constexpr std::string_view kKey = "0123456789abcdef0123456789abcdef";

std::string base64url(std::string_view in) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : in) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(acc >> bits) & 0x3F]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(acc << (6 - bits)) & 0x3F]);
  return out;
}

TokenSubject subject() {
  TokenSubject s;
  s.user_id = 7;
  s.username = "tapper1";
  s.name = "Tap Per";
  s.roles = {"Tapper", "Bestuur"};
  s.personnel_id = 3;
  s.nickname = "tappie";
  s.image = "http://127.0.0.1:8000/media/u7.jpg";
  return s;
}

json future_claims() { return json{{"user_id", 7}, {"exp", kNow / 1'000'000 + 60}}; }

void expect_unauthenticated(const Result<json>& r, std::string_view message) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(r.error().message, message);
}

TEST(TokensTest, RoundTripReturnsTheClaims) {
  auto token = sign_token(future_claims(), kKey);
  ASSERT_TRUE(token.ok());
  auto claims = verify_token(*token, kKey, kNow);
  ASSERT_TRUE(claims.ok()) << claims.error().message;
  EXPECT_EQ((*claims)["user_id"], 7);
  EXPECT_EQ((*claims)["exp"], future_claims()["exp"]);
}

TEST(TokensTest, ExpiredTokenIsRejected) {
  json claims = future_claims();
  claims["exp"] = kNow / 1'000'000;  // expires exactly now
  auto token = sign_token(claims, kKey);
  ASSERT_TRUE(token.ok());
  expect_unauthenticated(verify_token(*token, kKey, kNow), "Token is expired");
  EXPECT_TRUE(verify_token(*token, kKey, kNow - 1'000'000).ok());
}

TEST(TokensTest, MissingExpIsRejected) {
  auto token = sign_token(json{{"user_id", 7}}, kKey);
  ASSERT_TRUE(token.ok());
  expect_unauthenticated(verify_token(*token, kKey, kNow), "Token is invalid");
  auto text_exp = sign_token(json{{"exp", "tomorrow"}}, kKey);
  ASSERT_TRUE(text_exp.ok());
  expect_unauthenticated(verify_token(*text_exp, kKey, kNow), "Token is invalid");
}

TEST(TokensTest, OptionalExpiryAcceptsTokensWithoutExpButEnforcesOne) {
  auto no_exp = sign_token(json{{"IDENTIFIER", "abc"}}, kKey);
  ASSERT_TRUE(no_exp.ok());
  EXPECT_TRUE(verify_token(*no_exp, kKey, kNow, ExpiryPolicy::kOptional).ok());
  expect_unauthenticated(verify_token(*no_exp, kKey, kNow, ExpiryPolicy::kRequired),
                         "Token is invalid");
  auto expired = sign_token(json{{"IDENTIFIER", "abc"}, {"exp", kNow / 1'000'000 - 1}}, kKey);
  ASSERT_TRUE(expired.ok());
  expect_unauthenticated(verify_token(*expired, kKey, kNow, ExpiryPolicy::kOptional),
                         "Token is expired");
}

TEST(TokensTest, FutureNotBeforeIsRejected) {
  json claims = future_claims();
  claims["nbf"] = kNow / 1'000'000 + 30;
  auto token = sign_token(claims, kKey);
  ASSERT_TRUE(token.ok());
  expect_unauthenticated(verify_token(*token, kKey, kNow), "Token is invalid");
}

TEST(TokensTest, WrongKeyIsRejected) {
  auto token = sign_token(future_claims(), kKey);
  ASSERT_TRUE(token.ok());
  expect_unauthenticated(verify_token(*token, "another-key-another-key-another-k", kNow),
                         "Token is invalid");
}

TEST(TokensTest, AlgNoneForgedTokenIsRejected) {
  std::string payload = base64url(future_claims().dump());
  for (std::string header : {R"({"alg":"none","typ":"JWT"})", R"({"alg":"None"})",
                             R"({"alg":"NONE","typ":"JWT"})"}) {
    std::string forged = base64url(header) + "." + payload + ".";
    expect_unauthenticated(verify_token(forged, kKey, kNow), "Token is invalid");
    // Even with some bytes in the signature position.
    expect_unauthenticated(verify_token(forged + "AAAA", kKey, kNow), "Token is invalid");
  }
}

TEST(TokensTest, OtherAlgorithmsAreRejected) {
  // An HS512 token made with the right key is still refused: only HS256 is accepted.
  std::string header = base64url(R"({"alg":"HS512","typ":"JWT"})");
  auto good = sign_token(future_claims(), kKey);
  ASSERT_TRUE(good.ok());
  std::string rest = good->substr(good->find('.'));
  expect_unauthenticated(verify_token(header + rest, kKey, kNow), "Token is invalid");
  std::string rs = base64url(R"({"alg":"RS256","typ":"JWT"})");
  expect_unauthenticated(verify_token(rs + rest, kKey, kNow), "Token is invalid");
}

TEST(TokensTest, TamperedPayloadIsRejected) {
  auto token = sign_token(future_claims(), kKey);
  ASSERT_TRUE(token.ok());
  auto first_dot = token->find('.');
  auto second_dot = token->find('.', first_dot + 1);
  json evil = future_claims();
  evil["user_id"] = 1;  // try to become the superuser
  std::string tampered = token->substr(0, first_dot + 1) + base64url(evil.dump()) +
                         token->substr(second_dot);
  expect_unauthenticated(verify_token(tampered, kKey, kNow), "Token is invalid");
}

TEST(TokensTest, TamperedSignatureIsRejected) {
  auto token = sign_token(future_claims(), kKey);
  ASSERT_TRUE(token.ok());
  std::string tampered = *token;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  expect_unauthenticated(verify_token(tampered, kKey, kNow), "Token is invalid");
}

TEST(TokensTest, GarbageIsRejected) {
  for (std::string_view garbage : {"", "abc", "a.b", "a.b.c", "...", "é.é.é",
                                   "eyJhbGciOiJIUzI1NiJ9.e30"}) {
    expect_unauthenticated(verify_token(garbage, kKey, kNow), "Token is invalid");
  }
  std::string huge(kTokenBytesMax + 1, 'a');
  expect_unauthenticated(verify_token(huge, kKey, kNow), "Token is invalid");
}

TEST(TokensTest, EmptyKeyIsRefused) {
  auto signed_empty = sign_token(future_claims(), "");
  ASSERT_FALSE(signed_empty.ok());
  EXPECT_EQ(signed_empty.error().code, ErrorCode::kInternal);
  auto token = sign_token(future_claims(), kKey);
  ASSERT_TRUE(token.ok());
  expect_unauthenticated(verify_token(*token, "", kNow), "Token is invalid");
}

TEST(TokensTest, SignRefusesNonObjectClaims) {
  auto r = sign_token(json::array({1, 2}), kKey);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInternal);
}

TEST(TokensTest, AccessTokenClaimsFollowTheApi) {
  json c = access_token_claims(subject(), kNow, 20, "jti-1");
  std::int64_t now_s = kNow / 1'000'000;
  EXPECT_EQ(c["token_type"], "access");
  EXPECT_EQ(c["iat"], now_s);
  EXPECT_EQ(c["exp"], now_s + 20 * 60);
  EXPECT_EQ(c["jti"], "jti-1");
  EXPECT_EQ(c["user_id"], 7);
  EXPECT_EQ(c["username"], "tapper1");
  EXPECT_EQ(c["name"], "Tap Per");
  EXPECT_EQ(c["roles"], json::array({"Tapper", "Bestuur"}));
  EXPECT_EQ(c["personel_id"], 3);
  EXPECT_EQ(c["nickname"], "tappie");
  EXPECT_EQ(c["image"], "http://127.0.0.1:8000/media/u7.jpg");
}

TEST(TokensTest, RefreshTokenClaimsUseDays) {
  TokenSubject s = subject();
  s.personnel_id = 0;
  s.nickname.clear();
  json c = refresh_token_claims(s, kNow, 15, "jti-2");
  EXPECT_EQ(c["token_type"], "refresh");
  EXPECT_EQ(c["exp"], kNow / 1'000'000 + 15 * 86'400);
  EXPECT_EQ(c["personel_id"], 0);
  EXPECT_TRUE(c["nickname"].is_null());
}

TEST(TokensTest, IssuedTokensVerifyWithTheSecretKey) {
  Config config;
  config.secret_key = std::string(kKey);
  config.access_token_minutes = 5;
  config.refresh_token_days = 2;
  auto access = issue_access_token(subject(), config, kNow);
  auto refresh = issue_refresh_token(subject(), config, kNow);
  ASSERT_TRUE(access.ok());
  ASSERT_TRUE(refresh.ok());
  EXPECT_NE(access->jti, refresh->jti);
  EXPECT_EQ(access->expires_at_s, kNow / 1'000'000 + 300);
  EXPECT_EQ(refresh->expires_at_s, kNow / 1'000'000 + 2 * 86'400);
  auto claims = verify_token(access->token, config.secret_key, kNow);
  ASSERT_TRUE(claims.ok());
  EXPECT_EQ((*claims)["jti"], access->jti);
  EXPECT_EQ((*claims)["token_type"], "access");
  expect_unauthenticated(verify_token(access->token, config.secret_key, kNow + 300'000'000),
                         "Token is expired");
}

TEST(TokensTest, TokenIdsAreRandomHex) {
  std::string a = new_token_id();
  std::string b = new_token_id();
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
}

}  // namespace
}  // namespace mamon::service
