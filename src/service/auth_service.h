// Logging in and refreshing tokens (API.md "Authentication"), loading who a token names, and
// registering client applications. Each database call is one transaction.
// Thread-safe: AuthService and LoginRateLimiter may be shared by every worker thread.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
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

namespace mamon::service {

// A user as the API shows it and tokens describe it.
struct UserProfile {
  domain::User user;
  std::vector<std::string> groups;              // sorted group names (the token's `roles`)
  std::optional<domain::Personnel> personnel;   // active only
  std::optional<domain::Holder> holder;
};

// The profile of an active, non-system user. Error kUnauthenticated if the user is unknown,
// inactive or a system user; kUnavailable on database failure.
Result<UserProfile> load_user_profile(storage::Database& db, std::int64_t user_id);

// The Caller (permission input) of a profile.
domain::Caller caller_of(const UserProfile& profile);

// An absolute URL for a stored media path: `path` itself when it already is absolute
// ("http://", "https://"), "" when empty, else public_url + "/media/" + path (slashes merged).
std::string absolute_media_url(std::string_view public_url, std::string_view path);

// The image shown for a user: the holder's image, else its ledenbase image, else the personnel
// image (stored paths; see absolute_media_url).
std::string profile_image_path(const UserProfile& profile);

// Sliding-window limiter of FAILED login attempts per username and per client IP
// (limits::kLoginAttempts*): a username or IP with too many failures in the window is refused
// before its password is checked, so guessing and argon2 memory exhaustion are bounded.
// Successful logins are not counted (a busy tablet logs staff in all evening).
class LoginRateLimiter {
 public:
  // kRateLimited if `username` or `ip` has used up its failures in the window ending at now_us.
  Status check(std::string_view username, std::string_view ip, TimestampUs now_us);
  void record_failure(std::string_view username, std::string_view ip, TimestampUs now_us);

 private:
  using Window = std::deque<TimestampUs>;
  static void expire(Window& window, TimestampUs now_us);

  std::mutex mutex_;
  std::map<std::string, Window, std::less<>> by_username_;
  std::map<std::string, Window, std::less<>> by_ip_;
};

// The seam for checking credentials against the association's ledenbase (DESIGN.md §8) when a
// user has no usable local password. Not implemented yet: AuthService gets null unless
// LEDENBASE_URL is set and an implementation exists.
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

  // Checks, in order: the rate limits (kRateLimited); the username and password are non-empty
  // and within limits (kInvalidInput with the field); the user exists, is active, is not a system
  // user and the password matches (else kInvalidCredentials, counted as a failure). A correct
  // password stored in an old format is rehashed to argon2id. Records the login time and the new
  // refresh token.
  Result<IssuedTokens> login(std::string_view username, std::string_view password,
                             std::string_view client_ip);

  // Rotation: `refresh_token` must be a valid, unexpired refresh token (kUnauthenticated) whose
  // jti is recorded and unused (kUnauthenticated "Token is invalid or reused"); it is marked used
  // and a new pair is issued for the (still active) user.
  Result<IssuedTokens> refresh(std::string_view refresh_token);

 private:
  Result<IssuedTokens> issue(storage::Transaction& tx, const UserProfile& profile);

  storage::Database& db_;
  const Clock& clock_;
  const Config& config_;
  const LedenbaseAuthenticator* ledenbase_;
  LoginRateLimiter limiter_;
};

// Registers a client application acting as `user_id` and returns its identifier (a new uuid)
// to put in the client JWT's IDENTIFIER claim. Superusers only (kPermissionDenied); name 1..
// limits::kNameLengthMax bytes (kInvalidInput); the user must exist (kNotFound).
Result<std::string> create_client_application(storage::Database& db, const Clock& clock,
                                              const domain::Caller& caller, std::string_view name,
                                              std::int64_t user_id);

// The principal's data for a client token: the application's user, if the application is
// registered and not revoked (else kUnauthenticated).
Result<UserProfile> load_client_application_user(storage::Database& db,
                                                 std::string_view identifier);

}  // namespace mamon::service
