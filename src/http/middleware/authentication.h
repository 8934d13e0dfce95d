// Authentication of API requests (API.md "Authentication"). The router calls an Authenticator
// for every route that requires it, with the Authorization header and the request path, and
// either attaches the returned Principal to the Request or answers with the error (401/403).
//
// Header forms:
//   "Bearer <jwt>" or "Authentication <jwt>"  a user's access token, HS256 with SECRET_KEY,
//                                             token_type "access", claim user_id;
//   "<jwt>" (no prefix)                       a client application's token, HS256 with JWT_KEY,
//                                             claims IDENTIFIER, PATHS (regexes), USER; the
//                                             application's STORED paths decide, not PATHS.
// Loading the user / client application from the database is delegated to a UserLookup, so this
// file does no I/O itself.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/clock.h"
#include "base/result.h"
#include "http/principal.h"

namespace mamon::http {

// Implementations are thread-safe: one instance serves every worker thread.
class Authenticator {
 public:
  virtual ~Authenticator() = default;

  // `authorization` is the Authorization header value ("" when absent); `path` the decoded request
  // path. Errors: kUnauthenticated (401) for a missing, malformed, forged or expired token or an
  // unknown user/client; kPermissionDenied (403) when a client application's stored paths
  // (Principal::client_paths) do not allow `path`; kUnavailable (503) when the lookup's database
  // failed.
  virtual Result<Principal> authenticate(std::string_view authorization,
                                         std::string_view path) const = 0;

  // The same decision from memory alone, for the server's fast path: the principal when the
  // token is a valid user token whose principal is cached and fresh; nullopt whenever anything
  // would need I/O or the answer would be an error (the full authenticate() then decides).
  // Never blocks. The default knows nothing.
  virtual std::optional<Principal> authenticate_from_memory(std::string_view /*authorization*/,
                                                            std::string_view /*path*/) const {
    return std::nullopt;
  }
};

// Where TokenAuthenticator gets users and client applications from (implemented over the
// services; a fake in tests). Thread-safe; runs on worker threads, may block on the database.
class UserLookup {
 public:
  virtual ~UserLookup() = default;

  // The principal of the user named by a valid access token. kUnauthenticated if the user does
  // not exist or is inactive; kUnavailable if the database failed.
  virtual Result<Principal> find_user(std::int64_t user_id) const = 0;

  // The principal of registered client application `identifier` (a uuid): the application's
  // user, with client_application_id and client_paths (the stored patterns) set. `user_claim` is
  // the token's USER claim (text; other JSON values dumped) for implementations that cross-check
  // it. kUnauthenticated if the application is unknown or revoked; kUnavailable if the database
  // failed.
  virtual Result<Principal> find_client_application(std::string_view identifier,
                                                    std::string_view user_claim) const = 0;

  // find_user() from memory alone: a fresh cached principal, else nullopt. Never blocks.
  virtual std::optional<Principal> find_user_in_memory(std::int64_t /*user_id*/) const {
    return std::nullopt;
  }

  // A change on this instance affects `user_id` (deactivation, groups, personnel, password,
  // logout): forget what is cached about them, so the next request reads the database.
  virtual void forget_user(std::int64_t /*user_id*/) const {}
  // A change affects many users at once (a role's grants): forget everything cached.
  virtual void forget_all_users() const {}
};

// What an Authorization header holds.
enum class CredentialKind {
  kMissing,      // no header, or only whitespace
  kUserToken,    // "Bearer <jwt>" / "Authentication <jwt>" (prefix case-insensitive)
  kClientToken,  // a bare token without spaces
  kMalformed,    // any other scheme ("Basic ..."), or a prefix without a token
};
struct Credentials {
  CredentialKind kind = CredentialKind::kMissing;
  std::string_view token;  // a view into the header value
};
Credentials parse_authorization(std::string_view header);

// True if one of `patterns` (a JSON array of regexes in Python `re` / Perl syntax) matches all of
// `path`. Because a trailing slash is optional on every API path, the path with its trailing
// slash added or removed is tried too. Patterns that are not strings or not valid regexes never
// match.
bool client_path_allowed(const nlohmann::json& patterns, std::string_view path);

// The Authenticator of the server: verifies tokens (service/tokens.h) and asks a UserLookup.
class TokenAuthenticator final : public Authenticator {
 public:
  // `clock` and `lookup` must outlive this object. Empty keys make every token of that kind
  // invalid (401), never accepted.
  TokenAuthenticator(std::string secret_key, std::string jwt_key, const Clock& clock,
                     const UserLookup& lookup);

  Result<Principal> authenticate(std::string_view authorization,
                                 std::string_view path) const override;
  std::optional<Principal> authenticate_from_memory(std::string_view authorization,
                                                    std::string_view path) const override;

 private:
  // What a verified access token says (kept so a token is verified once, not per request).
  struct VerifiedToken {
    std::int64_t user_id = 0;
    TimestampUs expires_at_us = 0;
  };

  // The user id of a valid, unexpired access token (verifying it once, then from memory).
  Result<std::int64_t> verified_user_id(std::string_view token) const;
  std::optional<std::int64_t> remembered_user_id(std::string_view token) const;
  Result<Principal> authenticate_user(std::string_view token) const;
  Result<Principal> authenticate_client(std::string_view token, std::string_view path) const;

  std::string secret_key_;
  std::string jwt_key_;
  const Clock& clock_;
  const UserLookup& lookup_;
  // Bounded by limits::kPrincipalCacheEntriesMax (emptied when full). Only tokens that verified
  // are kept, with their own expiry, so the cache can never accept what verify_token refuses.
  mutable std::mutex tokens_mutex_;
  struct TokenHash {
    using is_transparent = void;  // find() by string_view, without building a std::string
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  mutable std::unordered_map<std::string, VerifiedToken, TokenHash, std::equal_to<>> tokens_;
};

}  // namespace mamon::http
