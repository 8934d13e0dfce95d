// JSON Web Tokens, HS256 only: user access/refresh tokens (key SECRET_KEY) and client-application
// tokens (key JWT_KEY). A thin wrapper over libjwt that enforces what libjwt leaves to the caller:
// the algorithm must be exactly HS256 (libjwt accepts an unsigned "none" token even when given a
// key), the token must carry a numeric `exp`, and it must not be expired.
//
// All functions are thread-safe. Keys and tokens are never logged.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "base/clock.h"
#include "base/config.h"
#include "base/result.h"

namespace mamon::service {

// Tokens longer than this are rejected before any parsing: a legitimate token is < 2 KiB.
inline constexpr std::size_t kTokenBytesMax = 8 * 1024;

// Signs `claims` (a JSON object) as a compact JWS with header {"alg":"HS256","typ":"JWT"}.
// Error kInternal if claims is not an object, the key is empty, or libjwt fails.
Result<std::string> sign_token(const nlohmann::json& claims, std::string_view key);

// Whether a token must carry `exp`. User tokens must; client-application tokens are long-lived
// and the old system issued them without one (an `exp` they do carry is still enforced).
enum class ExpiryPolicy { kRequired, kOptional };

// Verifies a compact JWS and returns its claims (a JSON object). Every failure is
// kUnauthenticated:
//   "Token is invalid"   malformed, longer than kTokenBytesMax, alg other than HS256 (including
//                        "none"), bad signature (wrong key, tampered header or payload), `exp`
//                        missing (under kRequired) or not a number, or `nbf` in the future;
//   "Token is expired"   now >= exp.
Result<nlohmann::json> verify_token(std::string_view token, std::string_view key, TimestampUs now,
                                    ExpiryPolicy expiry = ExpiryPolicy::kRequired);

// The user fields carried by access and refresh tokens (API.md "Authentication").
struct TokenSubject {
  std::int64_t user_id = 0;
  std::string username;
  std::string name;                // "First Last"
  std::vector<std::string> roles;  // group names
  std::int64_t personnel_id = 0;   // the active personnel record, 0 if none (`personel_id`)
  std::string nickname;            // personnel nickname; "" is sent as null
  std::string image;               // absolute URL of the user's image, may be ""
};

inline constexpr std::string_view kAccessTokenType = "access";
inline constexpr std::string_view kRefreshTokenType = "refresh";

// The claim set of an access / refresh token issued at `now`: token_type, exp, iat, jti, user_id,
// username, name, roles, personel_id, nickname, image. `exp` = iat + lifetime, in Unix seconds.
nlohmann::json access_token_claims(const TokenSubject& subject, TimestampUs now,
                                   int lifetime_minutes, std::string_view jti);
nlohmann::json refresh_token_claims(const TokenSubject& subject, TimestampUs now, int lifetime_days,
                                    std::string_view jti);

struct IssuedToken {
  std::string token;
  std::string jti;                // unique id of this token (refresh rotation stores it)
  std::int64_t expires_at_s = 0;  // the `exp` claim
};

// Issue tokens signed with config.secret_key, lifetimes config.access_token_minutes and
// config.refresh_token_days, each with a fresh random jti. Error kInternal as for sign_token.
Result<IssuedToken> issue_access_token(const TokenSubject& subject, const Config& config,
                                       TimestampUs now);
Result<IssuedToken> issue_refresh_token(const TokenSubject& subject, const Config& config,
                                        TimestampUs now);

// 128 random bits as 32 lower-case hex characters (CSPRNG).
std::string new_token_id();

}  // namespace mamon::service
