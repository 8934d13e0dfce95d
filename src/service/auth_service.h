// Logging in and refreshing tokens (API.md "Authentication"), loading who a token names, and
// registering client applications. Each database call is one transaction.
// Thread-safe: one AuthService may be shared by every worker thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/config.h"
#include "base/result.h"
#include "domain/permissions.h"
#include "domain/users.h"
#include "storage/database.h"
#include "storage/login_attempts_repo.h"

namespace mamon::service {

// A user as the API shows it and tokens describe it.
struct UserProfile {
  domain::User user;
  std::vector<std::string> groups;             // sorted group names (the token's `roles`)
  domain::PermissionSet permissions;           // granted to the user's roles (groups, Personnel)
  std::optional<domain::Personnel> personnel;  // active only
  std::optional<domain::Holder> holder;
};

// The profile of an active, non-system user. Error kUnauthenticated if the user is unknown,
// inactive or a system user; kUnavailable on database failure.
Result<UserProfile> load_user_profile(storage::Database& db, std::int64_t user_id);

// The Caller (permission input) of a profile, with the profile's permissions.
domain::Caller caller_of(const UserProfile& profile);

// The image shown for a user: the holder's image, else its ledenbase image, else the personnel
// image (stored paths; domain::media_url makes them absolute URLs).
std::string profile_image_path(const UserProfile& profile);

// The policy of limits.h "Login": the seconds (>= 1) an attempt with these failure counts must
// still wait at `now_us`, or none if it may go ahead. The pair and the address are limited
// (kLoginFailuresPer{Pair,Address}Max within the window after the last failure); the username
// is only slowed down: after failure kLoginFailuresPerUsernameFree + k it waits 2^(k-1) s from
// that failure, at most kLoginUsernameDelaySecondsMax. The largest wait wins.
std::optional<std::int64_t> login_retry_after_s(const storage::LoginFailureCounts& counts,
                                                TimestampUs now_us);

// The seam for checking credentials against the association's ledenbase (DESIGN.md §8) for a
// username unknown locally, or a user linked to a ledenbase id without a usable local password.
// The implementation is service/ledenbase_login.h; AuthService gets null when LEDENBASE_URL is
// not set.
class LedenbaseAuthenticator {
 public:
  virtual ~LedenbaseAuthenticator() = default;
  // The local user id (created or updated from the ledenbase) if the credentials are valid
  // there; none if they are not; kUnavailable if the ledenbase did not answer.
  virtual Result<std::optional<std::int64_t>> authenticate(std::string_view username,
                                                           std::string_view password) const = 0;
};

struct IssuedTokens {
  std::string access;
  std::int64_t access_expires_at_s = 0;
  std::string refresh;
  std::int64_t refresh_expires_at_s = 0;
  UserProfile profile;
};

class AuthService {
 public:
  // All references must outlive the service; `ledenbase` may be null.
  AuthService(storage::Database& db, const Clock& clock, const Config& config,
              const LedenbaseAuthenticator* ledenbase = nullptr);

  // The credential check both the API login and the website login use (one rate limit, one
  // ledenbase seam, one rehash). Checks, in order:
  //  1. the username and password are non-empty (kInvalidInput "This field may not be blank.")
  //     and within limits::kNameLengthMax / kPasswordLengthMax bytes (kInvalidInput "Ensure this
  //     field has no more than N characters."), naming the field; not counted as an attempt;
  //  2. the failure limits of limits.h "Login" for the typed username and `client_ip`, read from
  //     the database: kRateLimited, with *retry_after_s (if given) set to the seconds after which
  //     an attempt may be let through (HTTP Retry-After, >= 1);
  //  3. the user exists, is active, is not a system user and the password matches its local hash;
  //     when there is no such hash to check, the password is checked against a dummy hash of the
  //     same cost instead (verify_dummy_password), so failures take as long for every username;
  //  4. if that failed, a ledenbase is configured and the username is unknown or its holder has
  //     a ledenbase id and the user no usable local password: the ledenbase (its kUnavailable
  //     and kConflict are returned as they are, not counted as failures).
  // A failure of 3-4 is counted (pair, address, username; committed) and answered
  // kInvalidCredentials. Success writes nothing yet: pass the result to complete_login() inside
  // the transaction that issues the tokens or the session.
  struct VerifiedLogin {
    std::int64_t user_id = 0;
    std::optional<std::string> new_hash;  // the argon2id rehash of an old-format password
    bool forget_pair_failures = false;
    std::string username;
    std::string client_ip;
    TimestampUs at_us = 0;
  };
  Result<VerifiedLogin> verify_login(std::string_view username, std::string_view password,
                                     std::string_view client_ip,
                                     std::int64_t* retry_after_s = nullptr);

  // In the caller's write transaction: stores the rehash, records the login time, forgets the
  // pair's failures and loads the profile (kInvalidCredentials if the user was deactivated
  // meanwhile).
  Result<UserProfile> complete_login(storage::Transaction& tx, const VerifiedLogin& verified);

  // verify_login() + complete_login(), then a new refresh-token family and an access token, all
  // in one transaction (the API's POST /api/login/).
  Result<IssuedTokens> login(std::string_view username, std::string_view password,
                             std::string_view client_ip, std::int64_t* retry_after_s = nullptr);

  // A new token pair (its own refresh family) for a user whose identity the caller proved another
  // way — the web POS, for the user of a live website session. kUnauthenticated if the user is
  // unknown, inactive or a system user. Writes the refresh token's row; no login time.
  Result<IssuedTokens> issue_for_user(std::int64_t user_id);

  // Rotation with reuse detection: `refresh_token` must be a valid, unexpired refresh token
  // (kUnauthenticated) whose jti is recorded, unused and not revoked (kUnauthenticated "Token is
  // invalid or reused"); it is marked used and a new pair is issued for the (still active) user,
  // the new refresh token in the same family. Presenting a token that was rotated already revokes
  // its whole family (committed, then kUnauthenticated): whoever holds the newest token of that
  // family must log in again. Access tokens already issued live out their short lifetime.
  Result<IssuedTokens> refresh(std::string_view refresh_token);

 private:
  // Issues a pair; the refresh token joins `family_jti` as the child of `parent_jti`, or starts
  // its own family when `parent_jti` is none.
  Result<IssuedTokens> issue(storage::Transaction& tx, const UserProfile& profile,
                             std::optional<std::string_view> family_jti = std::nullopt,
                             std::optional<std::string_view> parent_jti = std::nullopt);

  storage::Database& db_;
  const Clock& clock_;
  const Config& config_;
  const LedenbaseAuthenticator* ledenbase_;
};

// The principal's data for a client token: the application's user, if the application is
// registered and not revoked (else kUnauthenticated).
Result<UserProfile> load_client_application_user(storage::Database& db,
                                                 std::string_view identifier);

}  // namespace mamon::service
