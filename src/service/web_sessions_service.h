// Website sessions (WEB.md §1): logging in through the same credential check as the API
// (AuthService::verify_login: one rate limit, one ledenbase seam, one rehash), resuming a session
// from its cookie, logging out, the remembered language, and the own-password change of
// /profile/. Each call is one database transaction (plus the credential check's own).
//
// The cookie carries a random 256-bit id (64 hex characters); the database stores only its
// SHA-256, so a copy of the database opens no session. A session ends when idle for
// limits::kWebSessionIdleSeconds or limits::kWebSessionAbsoluteSeconds after its login.
// Thread-safe: share one service between all workers; references must outlive it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"
#include "domain/permissions.h"
#include "service/auth_service.h"
#include "storage/database.h"

namespace mamon::service {

struct WebSession {
  std::string id_hash;     // the stored hash (never the cookie's id)
  std::string csrf_token;  // the token every POST form of this session carries
  std::string language;    // "" = none chosen (session, then user)
  TimestampUs created_at_us = 0;
  TimestampUs expires_at_us = 0;
  UserProfile profile;
  domain::Caller caller;
};

struct NewWebSession {
  std::string cookie_id;  // the value of the mamon_session cookie; shown to nobody else
  WebSession session;
};

// The hex SHA-256 of a cookie id (what the database stores).
std::string web_session_id_hash(std::string_view cookie_id);

class WebSessionsService {
 public:
  WebSessionsService(storage::Database& db, const Clock& clock, AuthService& auth);

  // The website's login: AuthService::verify_login (its errors and *retry_after_s unchanged),
  // then, in one transaction, complete_login and a new session with a new id and CSRF token
  // (never one the browser brought: rotation at login). `previous_cookie_id`, if it names a
  // session, is deleted in that transaction. `language` ("nl"/"en"/"") is stored on the
  // session; the user's remembered language wins when set. Audited: "web_login" (user, address)
  // in the session's transaction; a wrong username or password "web_login_failed" (the typed
  // username and the address, never the password, no user) in a transaction of its own.
  Result<NewWebSession> log_in(std::string_view username, std::string_view password,
                               std::string_view client_ip, std::string_view language,
                               std::string_view previous_cookie_id,
                               std::int64_t* retry_after_s = nullptr);

  // The live session of a cookie id, or none when it is unknown, expired (deleted then) or its
  // user is no longer active. Moves last_seen forward (at most once per
  // limits::kWebSessionTouchIntervalSeconds). kUnavailable on database failure.
  Result<std::optional<WebSession>> resume(std::string_view cookie_id);

  // Deletes the session (a missing one is fine).
  Status log_out(std::string_view cookie_id);

  // Remembers `language` on the session and on its user.
  Status set_language(const WebSession& session, std::string_view language);

  // The own-password change of /profile/, for users with a local password:
  //  - kInvalidInput field "current_password" when the user has no local password (ledenbase);
  //  - the current password through verify_login (same rate limit; a wrong one is
  //    kInvalidCredentials with field "current_password"; kRateLimited as for logins);
  //  - the new password: hash_password's rules (non-empty, limits::kPasswordLengthMax) as
  //    kInvalidInput field "new_password"; the repetition differs: kInvalidInput field
  //    "new_password2".
  // Then, in one transaction: the new hash, an audit-log entry, and every other session of the
  // user deleted (this one stays).
  Status change_password(const WebSession& session, std::string_view current_password,
                         std::string_view new_password, std::string_view new_password_repeated,
                         std::string_view client_ip, std::int64_t* retry_after_s = nullptr);

 private:
  storage::Database& db_;
  const Clock& clock_;
  AuthService& auth_;
};

}  // namespace mamon::service
