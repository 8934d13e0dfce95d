#include "service/auth_service.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "base/limits.h"
#include "domain/media.h"
#include "service/passwords.h"
#include "service/tokens.h"
#include "service/transactions.h"
#include "storage/auth_repo.h"
#include "storage/holders_repo.h"
#include "storage/login_attempts_repo.h"
#include "storage/roles_repo.h"
#include "storage/users_repo.h"

namespace mamon::service {
namespace {

constexpr TimestampUs kUsPerSecond = 1'000'000;

Error invalid_credentials() {
  return make_error(ErrorCode::kInvalidCredentials,
                    "No active account found with the given credentials");
}

Error invalid_refresh() {
  return make_error(ErrorCode::kUnauthenticated, "Token is invalid or reused");
}

// A login field: present (checked by the API) but maybe empty or over-long (API.md wording).
Status check_login_field(std::string_view value, std::size_t length_max, const char* field) {
  if (value.empty()) {
    return make_error(ErrorCode::kInvalidInput, "This field may not be blank.", field);
  }
  if (value.size() > length_max) {
    return make_error(
        ErrorCode::kInvalidInput,
        "Ensure this field has no more than " + std::to_string(length_max) + " characters.", field);
  }
  return ok_status();
}

Result<UserProfile> load_profile_in(storage::Transaction& tx, std::int64_t user_id) {
  Result<domain::User> user = storage::find_user(tx, user_id);
  if (!user.ok() && user.error().code != ErrorCode::kNotFound) return user.error();
  if (!user.ok() || !user->is_active || user->is_system) {
    return make_error(ErrorCode::kUnauthenticated, "The user is unknown or inactive.");
  }
  UserProfile profile;
  profile.user = std::move(*user);
  MAMON_TRY(profile.groups, storage::group_names_of_user(tx, user_id));
  MAMON_TRY(std::optional<domain::Personnel> personnel,
            storage::find_personnel_by_user(tx, user_id));
  if (personnel && personnel->active) profile.personnel = std::move(*personnel);
  MAMON_TRY(profile.permissions, storage::permissions_of_user(tx, user_id));
  Result<domain::Holder> holder = storage::find_holder_by_user(tx, user_id);
  if (holder.ok()) {
    profile.holder = std::move(*holder);
  } else if (holder.error().code != ErrorCode::kHolderNotFound) {
    return holder.error();
  }
  return profile;
}

TokenSubject subject_of(const UserProfile& profile, const Config& config) {
  TokenSubject subject;
  subject.user_id = profile.user.id;
  subject.username = profile.user.username;
  subject.name = profile.user.display_name();
  subject.roles = profile.groups;
  if (profile.personnel) {
    subject.personnel_id = profile.personnel->id;
    subject.nickname = profile.personnel->nickname;
  }
  subject.image =
      domain::media_url(config.public_url, profile_image_path(profile), domain::MediaKind::kHolder);
  return subject;
}

}  // namespace

Result<UserProfile> load_user_profile(storage::Database& db, std::int64_t user_id) {
  return run_transaction(db, storage::TxMode::kRead,
                         [&](storage::Transaction& tx) { return load_profile_in(tx, user_id); });
}

domain::Caller caller_of(const UserProfile& profile) {
  domain::Caller caller;
  caller.user_id = profile.user.id;
  caller.is_superuser = profile.user.is_superuser;
  caller.groups = profile.groups;
  caller.permissions = profile.permissions;
  if (profile.personnel && profile.personnel->active) caller.personnel_id = profile.personnel->id;
  if (profile.holder) caller.holder_id = profile.holder->id;
  return caller;
}

std::string profile_image_path(const UserProfile& profile) {
  if (profile.holder && !profile.holder->image.empty()) return profile.holder->image;
  if (profile.holder && !profile.holder->image_ledenbase.empty()) {
    return profile.holder->image_ledenbase;
  }
  if (profile.personnel) return profile.personnel->image;
  return {};
}

// --- login limits -------------------------------------------------------------------------------

std::optional<std::int64_t> login_retry_after_s(const storage::LoginFailureCounts& counts,
                                                TimestampUs now_us) {
  std::optional<TimestampUs> until_us;
  auto wait_until = [&](TimestampUs at_us) {
    if (at_us > now_us && (!until_us || at_us > *until_us)) until_us = at_us;
  };
  const TimestampUs window_us = TimestampUs{limits::kLoginFailureWindowSeconds} * kUsPerSecond;
  if (counts.pair && counts.pair->failures >= limits::kLoginFailuresPerPairMax) {
    wait_until(counts.pair->last_failure_at_us + window_us);
  }
  if (counts.address && counts.address->failures >= limits::kLoginFailuresPerAddressMax) {
    wait_until(counts.address->last_failure_at_us + window_us);
  }
  if (counts.username && counts.username->failures > limits::kLoginFailuresPerUsernameFree) {
    const std::int64_t beyond = counts.username->failures - limits::kLoginFailuresPerUsernameFree;
    std::int64_t delay_s = limits::kLoginUsernameDelaySecondsMax;
    if (beyond <= 16) delay_s = std::min<std::int64_t>(delay_s, std::int64_t{1} << (beyond - 1));
    wait_until(counts.username->last_failure_at_us + delay_s * kUsPerSecond);
  }
  if (!until_us) return std::nullopt;
  return (*until_us - now_us + kUsPerSecond - 1) / kUsPerSecond;  // whole seconds, rounded up
}

// --- AuthService --------------------------------------------------------------------------------

AuthService::AuthService(storage::Database& db, const Clock& clock, const Config& config,
                         const LedenbaseAuthenticator* ledenbase)
    : db_(db), clock_(clock), config_(config), ledenbase_(ledenbase) {
  prepare_dummy_password_hash();  // not on the first unknown user's login
}

Result<IssuedTokens> AuthService::issue(storage::Transaction& tx, const UserProfile& profile,
                                        std::optional<std::string_view> family_jti,
                                        std::optional<std::string_view> parent_jti) {
  const TimestampUs now = clock_.now_us();
  const TokenSubject subject = subject_of(profile, config_);
  MAMON_TRY(IssuedToken access, issue_access_token(subject, config_, now));
  MAMON_TRY(IssuedToken refresh, issue_refresh_token(subject, config_, now));
  MAMON_RETURN_IF_ERROR(storage::insert_refresh_token(
      tx, refresh.jti, profile.user.id, refresh.expires_at_s * kUsPerSecond, now,
      family_jti.value_or(refresh.jti), parent_jti));
  return IssuedTokens{access.token, access.expires_at_s, refresh.token, refresh.expires_at_s,
                      profile};
}

Result<AuthService::VerifiedLogin> AuthService::verify_login(std::string_view username,
                                                             std::string_view password,
                                                             std::string_view client_ip,
                                                             std::int64_t* retry_after_s) {
  MAMON_RETURN_IF_ERROR(check_login_field(username, limits::kNameLengthMax, "username"));
  MAMON_RETURN_IF_ERROR(check_login_field(password, limits::kPasswordLengthMax, "password"));
  const TimestampUs now = clock_.now_us();
  const TimestampUs forget_before =
      now - TimestampUs{limits::kLoginFailureWindowSeconds} * kUsPerSecond;

  struct Found {
    storage::LoginFailureCounts counts;
    std::optional<domain::User> user;
    bool has_ledenbase_id = false;  // the user's holder is linked to a ledenbase member
  };
  MAMON_TRY(
      Found found,
      run_transaction(db_, storage::TxMode::kRead, [&](storage::Transaction& tx) -> Result<Found> {
        Found f;
        MAMON_TRY(f.counts, storage::find_login_failures(tx, username, client_ip, forget_before));
        Result<domain::User> user = storage::find_user_by_username(tx, username);
        if (user.ok()) {
          f.user = std::move(*user);
        } else if (user.error().code != ErrorCode::kNotFound) {
          return user.error();
        }
        if (f.user) {
          Result<domain::Holder> holder = storage::find_holder_by_user(tx, f.user->id);
          if (holder.ok()) {
            f.has_ledenbase_id = holder->ledenbase_id.has_value();
          } else if (holder.error().code != ErrorCode::kHolderNotFound) {
            return holder.error();
          }
        }
        return f;
      }));
  if (std::optional<std::int64_t> wait_s = login_retry_after_s(found.counts, now)) {
    if (retry_after_s != nullptr) *retry_after_s = *wait_s;
    return make_error(ErrorCode::kRateLimited, "Too many failed login attempts. Try again in " +
                                                   std::to_string(*wait_s) + " seconds.");
  }

  // Exactly one argon2-cost check whatever the username (no timing oracle for which exist).
  // Argon2 runs outside any transaction: no connection or lock is held for ~0.1 s.
  VerifiedLogin verified;
  std::optional<std::int64_t> user_id;
  const domain::User* user = found.user ? &*found.user : nullptr;
  if (user != nullptr && user->is_active && !user->is_system &&
      is_usable_password_hash(user->password_hash)) {
    const PasswordCheck check = verify_password(password, user->password_hash);
    if (check != PasswordCheck::kMismatch) user_id = user->id;
    if (check == PasswordCheck::kMatchNeedsRehash) {
      MAMON_TRY(std::string hash, hash_password(password));
      verified.new_hash = std::move(hash);
    }
  } else {
    verify_dummy_password(password);
  }
  // The ledenbase decides for a username unknown here (a new or renamed member) and for a member
  // without a local password; a local password is never overruled by the ledenbase's.
  const bool ask_ledenbase =
      user == nullptr || (found.has_ledenbase_id && !is_usable_password_hash(user->password_hash));
  if (!user_id && ledenbase_ != nullptr && ask_ledenbase) {
    MAMON_TRY(user_id, ledenbase_->authenticate(username, password));
  }
  if (!user_id) {
    MAMON_RETURN_IF_ERROR(
        run_transaction(db_, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Status {
          return storage::record_login_failure(tx, username, client_ip, now, forget_before);
        }));
    return invalid_credentials();
  }
  verified.user_id = *user_id;
  verified.forget_pair_failures = found.counts.pair.has_value();
  verified.username = std::string(username);
  verified.client_ip = std::string(client_ip);
  verified.at_us = now;
  return verified;
}

Result<UserProfile> AuthService::complete_login(storage::Transaction& tx,
                                                const VerifiedLogin& verified) {
  if (verified.new_hash) {
    MAMON_RETURN_IF_ERROR(
        storage::set_user_password_hash(tx, verified.user_id, *verified.new_hash));
  }
  MAMON_RETURN_IF_ERROR(storage::set_user_last_login(tx, verified.user_id, verified.at_us));
  if (verified.forget_pair_failures) {
    MAMON_RETURN_IF_ERROR(
        storage::clear_login_failures_of_pair(tx, verified.username, verified.client_ip));
  }
  Result<UserProfile> profile = load_profile_in(tx, verified.user_id);
  if (!profile.ok() && profile.error().code == ErrorCode::kUnauthenticated) {
    return invalid_credentials();
  }
  return profile;
}

Result<IssuedTokens> AuthService::login(std::string_view username, std::string_view password,
                                        std::string_view client_ip, std::int64_t* retry_after_s) {
  MAMON_TRY(VerifiedLogin verified, verify_login(username, password, client_ip, retry_after_s));
  return run_transaction(db_, storage::TxMode::kWrite,
                         [&](storage::Transaction& tx) -> Result<IssuedTokens> {
                           MAMON_TRY(UserProfile profile, complete_login(tx, verified));
                           return issue(tx, profile);
                         });
}

Result<IssuedTokens> AuthService::issue_for_user(std::int64_t user_id) {
  return run_transaction(db_, storage::TxMode::kWrite,
                         [&](storage::Transaction& tx) -> Result<IssuedTokens> {
                           MAMON_TRY(UserProfile profile, load_profile_in(tx, user_id));
                           return issue(tx, profile);
                         });
}

Result<IssuedTokens> AuthService::refresh(std::string_view refresh_token) {
  const TimestampUs now = clock_.now_us();
  MAMON_TRY(nlohmann::json claims, verify_token(refresh_token, config_.secret_key, now));
  auto type = claims.find("token_type");
  auto user_id = claims.find("user_id");
  auto jti = claims.find("jti");
  if (type == claims.end() || *type != kRefreshTokenType || user_id == claims.end() ||
      !user_id->is_number_integer() || jti == claims.end() || !jti->is_string()) {
    return invalid_refresh();
  }
  const std::int64_t id = user_id->get<std::int64_t>();
  const std::string old_jti = jti->get<std::string>();
  // None: the token was replayed and its family is revoked. That must commit, so it is not an
  // error inside the transaction.
  MAMON_TRY(
      std::optional<IssuedTokens> issued,
      run_transaction(db_, storage::TxMode::kWrite,
                      [&](storage::Transaction& tx) -> Result<std::optional<IssuedTokens>> {
                        using Outcome = storage::RefreshTokenUse::Outcome;
                        MAMON_TRY(storage::RefreshTokenUse use,
                                  storage::use_refresh_token(tx, old_jti, id, now));
                        if (use.outcome == Outcome::kInvalid) return invalid_refresh();
                        if (use.outcome == Outcome::kReused) {
                          MAMON_TRY(std::int64_t revoked,
                                    storage::revoke_refresh_token_family(tx, use.family_jti, now));
                          (void)revoked;
                          return std::optional<IssuedTokens>();
                        }
                        MAMON_TRY(UserProfile profile, load_profile_in(tx, id));
                        MAMON_TRY(IssuedTokens tokens, issue(tx, profile, use.family_jti, old_jti));
                        return std::optional<IssuedTokens>(std::move(tokens));
                      }));
  if (!issued) return invalid_refresh();
  return std::move(*issued);
}

// --- client applications ------------------------------------------------------------------------

Result<UserProfile> load_client_application_user(storage::Database& db,
                                                 std::string_view identifier) {
  return run_transaction(
      db, storage::TxMode::kRead, [&](storage::Transaction& tx) -> Result<UserProfile> {
        Result<storage::ClientApplication> app = storage::find_client_application(tx, identifier);
        if (!app.ok()) {
          if (app.error().code != ErrorCode::kNotFound) return app.error();
          return make_error(ErrorCode::kUnauthenticated, "Unknown client application.");
        }
        if (app->revoked_at_us) {
          return make_error(ErrorCode::kUnauthenticated, "Client application was revoked.");
        }
        return load_profile_in(tx, app->user_id);
      });
}

}  // namespace mamon::service
