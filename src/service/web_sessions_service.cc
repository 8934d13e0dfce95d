#include "service/web_sessions_service.h"

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "base/limits.h"
#include "service/passwords.h"
#include "service/tokens.h"
#include "service/transactions.h"
#include "storage/audit_repo.h"
#include "storage/users_repo.h"
#include "storage/web_sessions_repo.h"

namespace mamon::service {
namespace {

constexpr TimestampUs kUsPerSecond = 1'000'000;

std::string to_hex(const unsigned char* bytes, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    hex.push_back(kDigits[bytes[i] >> 4]);
    hex.push_back(kDigits[bytes[i] & 0xf]);
  }
  return hex;
}

WebSession session_of(const storage::WebSessionRow& row, UserProfile profile,
                      std::string_view user_language) {
  WebSession s;
  s.id_hash = row.id_hash;
  s.csrf_token = row.csrf_token;
  s.language = row.language.empty() ? std::string(user_language) : row.language;
  s.created_at_us = row.created_at_us;
  s.expires_at_us = row.expires_at_us;
  s.caller = caller_of(profile);
  s.profile = std::move(profile);
  return s;
}

Error field_error(ErrorCode code, std::string message, std::string field) {
  return make_error(code, std::move(message), std::move(field));
}

}  // namespace

std::string web_session_id_hash(std::string_view cookie_id) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(cookie_id.data()),
                     cookie_id.size());
  return to_hex(digest, sizeof digest);
}

WebSessionsService::WebSessionsService(storage::Database& db, const Clock& clock, AuthService& auth)
    : db_(db), clock_(clock), auth_(auth) {}

Result<NewWebSession> WebSessionsService::log_in(
    std::string_view username, std::string_view password, std::string_view client_ip,
    std::string_view language, std::string_view previous_cookie_id, std::int64_t* retry_after_s) {
  Result<AuthService::VerifiedLogin> checked =
      auth_.verify_login(username, password, client_ip, retry_after_s);
  if (!checked.ok()) {
    if (checked.error().code == ErrorCode::kInvalidCredentials) {
      // Audited apart from the failure count (never the password): who tried which username
      // from where. Nobody is logged in, so the entry has no user.
      MAMON_RETURN_IF_ERROR(
          run_transaction(db_, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Status {
            storage::NewAuditEntry entry;
            entry.action = "web_login_failed";
            entry.object_type = "user";
            entry.object_id = std::string(username);
            entry.detail = nlohmann::json{{"username", username}, {"address", client_ip}}.dump();
            entry.created_at_us = clock_.now_us();
            return storage::insert_audit_entry(tx, entry);
          }));
    }
    return std::move(checked).error();
  }
  const AuthService::VerifiedLogin& verified = *checked;
  const std::string cookie_id = new_token_id() + new_token_id();  // 256 random bits
  const std::string csrf_token = new_token_id() + new_token_id();
  const TimestampUs now = clock_.now_us();
  return run_transaction(
      db_, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<NewWebSession> {
        MAMON_TRY(UserProfile profile, auth_.complete_login(tx, verified));
        if (!previous_cookie_id.empty()) {
          MAMON_RETURN_IF_ERROR(
              storage::delete_web_session(tx, web_session_id_hash(previous_cookie_id)));
        }
        MAMON_TRY(std::string user_language, storage::find_user_language(tx, profile.user.id));
        storage::WebSessionRow row;
        row.id_hash = web_session_id_hash(cookie_id);
        row.user_id = profile.user.id;
        row.csrf_token = csrf_token;
        row.created_at_us = now;
        row.last_seen_at_us = now;
        row.expires_at_us = now + limits::kWebSessionAbsoluteSeconds * kUsPerSecond;
        row.language = user_language.empty() ? std::string(language) : user_language;
        MAMON_RETURN_IF_ERROR(storage::insert_web_session(tx, row));
        storage::NewAuditEntry entry;
        entry.user_id = profile.user.id;
        entry.action = "web_login";
        entry.object_type = "user";
        entry.object_id = std::to_string(profile.user.id);
        entry.detail =
            nlohmann::json{{"username", profile.user.username}, {"address", client_ip}}.dump();
        entry.created_at_us = now;
        MAMON_RETURN_IF_ERROR(storage::insert_audit_entry(tx, entry));
        // Old sessions of anybody are pruned at each login: the table stays small.
        MAMON_TRY(std::int64_t pruned,
                  storage::delete_expired_web_sessions(
                      tx, now, now - limits::kWebSessionIdleSeconds * kUsPerSecond));
        (void)pruned;
        return NewWebSession{cookie_id, session_of(row, std::move(profile), user_language)};
      });
}

Result<std::optional<WebSession>> WebSessionsService::resume(std::string_view cookie_id) {
  if (cookie_id.empty() || cookie_id.size() > 128) return std::optional<WebSession>();
  const std::string id_hash = web_session_id_hash(cookie_id);
  const TimestampUs now = clock_.now_us();
  using Found = std::optional<WebSession>;
  // Read first (the common case writes nothing); a write only to expire or to touch.
  struct Looked {
    std::optional<storage::WebSessionRow> row;
    std::optional<UserProfile> profile;
    std::string user_language;
  };
  MAMON_TRY(
      Looked looked,
      run_transaction(db_, storage::TxMode::kRead, [&](storage::Transaction& tx) -> Result<Looked> {
        Looked l;
        MAMON_TRY(l.row, storage::find_web_session(tx, id_hash));
        if (!l.row) return l;
        MAMON_TRY(l.user_language, storage::find_user_language(tx, l.row->user_id));
        return l;
      }));
  if (!looked.row) return Found();
  const storage::WebSessionRow& row = *looked.row;
  const bool expired = now >= row.expires_at_us ||
                       now - row.last_seen_at_us >= limits::kWebSessionIdleSeconds * kUsPerSecond;
  Result<UserProfile> profile =
      expired ? Result<UserProfile>(make_error(ErrorCode::kUnauthenticated, "expired"))
              : load_user_profile(db_, row.user_id);
  if (!profile.ok() && profile.error().code != ErrorCode::kUnauthenticated) {
    return profile.error();
  }
  if (!profile.ok()) {  // expired, or the user was deactivated: the session is over
    MAMON_RETURN_IF_ERROR(log_out(cookie_id));
    return Found();
  }
  if (now - row.last_seen_at_us >= limits::kWebSessionTouchIntervalSeconds * kUsPerSecond) {
    MAMON_RETURN_IF_ERROR(
        run_transaction(db_, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Status {
          return storage::touch_web_session(tx, id_hash, now);
        }));
  }
  return Found(session_of(row, std::move(*profile), looked.user_language));
}

Status WebSessionsService::log_out(std::string_view cookie_id) {
  if (cookie_id.empty()) return ok_status();
  const std::string id_hash = web_session_id_hash(cookie_id);
  return run_transaction(db_, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Status {
    return storage::delete_web_session(tx, id_hash);
  });
}

Status WebSessionsService::set_language(const WebSession& session, std::string_view language) {
  return run_transaction(db_, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Status {
    MAMON_RETURN_IF_ERROR(storage::set_web_session_language(tx, session.id_hash, language));
    return storage::set_user_language(tx, session.profile.user.id, language);
  });
}

Status WebSessionsService::change_password(const WebSession& session,
                                           std::string_view current_password,
                                           std::string_view new_password,
                                           std::string_view new_password_repeated,
                                           std::string_view client_ip,
                                           std::int64_t* retry_after_s) {
  const domain::User& user = session.profile.user;
  if (!is_usable_password_hash(user.password_hash)) {
    return field_error(ErrorCode::kInvalidInput,
                       "This account has no local password (it logs in through the ledenbase).",
                       "current_password");
  }
  if (current_password.empty()) {
    return field_error(ErrorCode::kInvalidInput, "This field may not be blank.",
                       "current_password");
  }
  if (new_password.empty()) {
    return field_error(ErrorCode::kInvalidInput, "This field may not be blank.", "new_password");
  }
  if (new_password.size() > limits::kPasswordLengthMax) {
    return field_error(ErrorCode::kInvalidInput, "The password is too long.", "new_password");
  }
  if (new_password != new_password_repeated) {
    return field_error(ErrorCode::kInvalidInput, "The two passwords differ.", "new_password2");
  }
  Result<AuthService::VerifiedLogin> verified =
      auth_.verify_login(user.username, current_password, client_ip, retry_after_s);
  if (!verified.ok()) {
    Error e = std::move(verified).error();
    if (e.code == ErrorCode::kInvalidCredentials || e.code == ErrorCode::kInvalidInput) {
      e.field = "current_password";
    }
    return e;
  }
  if (verified->user_id != user.id) {  // the ledenbase answered for somebody else: refuse
    return field_error(ErrorCode::kInvalidCredentials, "The password is wrong.",
                       "current_password");
  }
  Result<std::string> hash = hash_password(new_password);
  if (!hash.ok()) {
    Error e = std::move(hash).error();
    e.field = "new_password";
    return e;
  }
  const TimestampUs now = clock_.now_us();
  return run_transaction(db_, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Status {
    MAMON_RETURN_IF_ERROR(storage::set_user_password_hash(tx, user.id, *hash));
    MAMON_TRY(std::int64_t ended, storage::delete_other_web_sessions(tx, user.id, session.id_hash));
    storage::NewAuditEntry entry;
    entry.user_id = user.id;
    entry.action = "password_changed";
    entry.object_type = "user";
    entry.object_id = std::to_string(user.id);
    entry.detail =
        "own password changed on the website; other web sessions ended: " + std::to_string(ended);
    entry.created_at_us = now;
    return storage::insert_audit_entry(tx, entry);
  });
}

}  // namespace mamon::service
