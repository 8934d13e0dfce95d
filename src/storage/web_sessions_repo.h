// Website sessions (WEB.md §1, migration 0007_web_sessions) and the user's remembered website
// language. All calls run inside the caller's transaction; SQL only here. The session id itself
// never reaches the database: callers pass the hash of the cookie's random id
// (service/web_sessions_service.h makes both).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"
#include "storage/database.h"

namespace mamon::storage {

struct WebSessionRow {
  std::string id_hash;  // hex SHA-256 of the cookie's id
  std::int64_t user_id = 0;
  std::string csrf_token;  // the session's CSRF token (random, hex)
  TimestampUs created_at_us = 0;
  TimestampUs last_seen_at_us = 0;  // the idle lifetime counts from here
  TimestampUs expires_at_us = 0;    // the absolute end
  std::string language;             // "" = not chosen in this session
};

// Error kConflict if the hash exists (a 256-bit random id never collides: a bug).
Status insert_web_session(Transaction& tx, const WebSessionRow& session);

// The session with this hash, or none.
Result<std::optional<WebSessionRow>> find_web_session(Transaction& tx, std::string_view id_hash);

// Moves last_seen_at_us forward (idle lifetime). A missing session is not an error.
Status touch_web_session(Transaction& tx, std::string_view id_hash, TimestampUs at_us);

Status set_web_session_language(Transaction& tx, std::string_view id_hash,
                                std::string_view language);

// Deleting a missing session is not an error (a double logout).
Status delete_web_session(Transaction& tx, std::string_view id_hash);

// Every session of the user except `keep_id_hash` (after a password change). Returns how many.
Result<std::int64_t> delete_other_web_sessions(Transaction& tx, std::int64_t user_id,
                                               std::string_view keep_id_hash);

// Sessions past their absolute end or idle since before `idle_before_us`. Returns how many.
Result<std::int64_t> delete_expired_web_sessions(Transaction& tx, TimestampUs now_us,
                                                 TimestampUs idle_before_us);

// users.language: "" when none was chosen. Error kNotFound for an unknown user.
Result<std::string> find_user_language(Transaction& tx, std::int64_t user_id);
Status set_user_language(Transaction& tx, std::int64_t user_id, std::string_view language);

}  // namespace mamon::storage
