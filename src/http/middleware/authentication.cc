#include "http/middleware/authentication.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "base/limits.h"
#include "domain/client_paths.h"
#include "http/headers.h"
#include "service/tokens.h"

namespace mamon::http {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

// The first blank, or npos. (string_view::find_first_of calls memchr once per character, which
// showed in profiles of the fast path: a token is ~400 characters.)
std::size_t find_blank(std::string_view s) {
  auto it = std::find_if(s.begin(), s.end(), is_space);
  return it == s.end() ? std::string_view::npos : static_cast<std::size_t>(it - s.begin());
}

Error unauthenticated(std::string message) {
  return make_error(ErrorCode::kUnauthenticated, std::move(message));
}

// The lookup promises kUnauthenticated for unknown users; a kNotFound must still mean 401 here
// (the app logs everybody out on 401, which is right for a deleted user).
Error as_auth_error(Error error) {
  if (error.kind() == ErrorKind::kNotFound) error.code = ErrorCode::kUnauthenticated;
  return error;
}

}  // namespace

Credentials parse_authorization(std::string_view header) {
  header = trim_blanks(header);
  if (header.empty()) return {CredentialKind::kMissing, {}};
  auto space = find_blank(header);
  if (space == std::string_view::npos) return {CredentialKind::kClientToken, header};
  std::string_view scheme = header.substr(0, space);
  std::string_view token = trim_blanks(header.substr(space));
  if (!iequals(scheme, "Bearer") && !iequals(scheme, "Authentication")) {
    return {CredentialKind::kMalformed, {}};
  }
  if (token.empty() || find_blank(token) != std::string_view::npos) {
    return {CredentialKind::kMalformed, {}};
  }
  return {CredentialKind::kUserToken, token};
}

bool client_path_allowed(const nlohmann::json& patterns, std::string_view path) {
  if (!patterns.is_array()) return false;
  std::vector<std::string> texts;
  for (const auto& p : patterns) {
    if (p.is_string()) texts.push_back(p.get<std::string>());
  }
  return domain::client_paths_allow(texts, path);
}

TokenAuthenticator::TokenAuthenticator(std::string secret_key, std::string jwt_key,
                                       const Clock& clock, const UserLookup& lookup)
    : secret_key_(std::move(secret_key)),
      jwt_key_(std::move(jwt_key)),
      clock_(clock),
      lookup_(lookup) {}

Result<Principal> TokenAuthenticator::authenticate(std::string_view authorization,
                                                   std::string_view path) const {
  Credentials credentials = parse_authorization(authorization);
  switch (credentials.kind) {
    case CredentialKind::kMissing:
      return unauthenticated("Authentication credentials were not provided.");
    case CredentialKind::kMalformed:
      return unauthenticated("Invalid Authorization header.");
    case CredentialKind::kUserToken:
      return authenticate_user(credentials.token);
    case CredentialKind::kClientToken:
      return authenticate_client(credentials.token, path);
  }
  return unauthenticated("Invalid Authorization header.");
}

std::optional<std::int64_t> TokenAuthenticator::remembered_user_id(std::string_view token) const {
  const TimestampUs now = clock_.now_us();
  std::lock_guard lock(tokens_mutex_);
  auto it = tokens_.find(token);
  if (it == tokens_.end() || now >= it->second.expires_at_us) return std::nullopt;
  return it->second.user_id;
}

Result<std::int64_t> TokenAuthenticator::verified_user_id(std::string_view token) const {
  if (auto known = remembered_user_id(token)) return *known;
  const TimestampUs now = clock_.now_us();
  MAMON_TRY(nlohmann::json claims, service::verify_token(token, secret_key_, now));
  auto type = claims.find("token_type");
  if (type == claims.end() || *type != service::kAccessTokenType) {
    return unauthenticated("Token has wrong type");
  }
  auto user_id = claims.find("user_id");
  if (user_id == claims.end() || !user_id->is_number_integer() ||
      user_id->get<std::int64_t>() <= 0) {
    return unauthenticated("Token contained no recognizable user identification");
  }
  auto exp = claims.find("exp");
  if (exp != claims.end() && exp->is_number_integer()) {
    // verify_token checked that it has not expired; remember it until it does.
    std::lock_guard lock(tokens_mutex_);
    if (tokens_.size() >= limits::kPrincipalCacheEntriesMax) tokens_.clear();
    tokens_[std::string(token)] =
        VerifiedToken{user_id->get<std::int64_t>(), exp->get<std::int64_t>() * 1'000'000};
  }
  return user_id->get<std::int64_t>();
}

Result<Principal> TokenAuthenticator::authenticate_user(std::string_view token) const {
  MAMON_TRY(std::int64_t user_id, verified_user_id(token));
  auto principal = lookup_.find_user(user_id);
  if (!principal) return as_auth_error(std::move(principal).error());
  return principal;
}

std::optional<Principal> TokenAuthenticator::authenticate_from_memory(
    std::string_view authorization, std::string_view /*path*/) const {
  Credentials credentials = parse_authorization(authorization);
  if (credentials.kind != CredentialKind::kUserToken) return std::nullopt;
  std::optional<std::int64_t> user_id = remembered_user_id(credentials.token);
  if (!user_id) return std::nullopt;
  return lookup_.find_user_in_memory(*user_id);
}

Result<Principal> TokenAuthenticator::authenticate_client(std::string_view token,
                                                          std::string_view path) const {
  // Client tokens are long-lived: the old system issued them without `exp`.
  MAMON_TRY(nlohmann::json claims, service::verify_token(token, jwt_key_, clock_.now_us(),
                                                         service::ExpiryPolicy::kOptional));
  auto identifier = claims.find("IDENTIFIER");
  if (identifier == claims.end() || !identifier->is_string() ||
      identifier->get_ref<const std::string&>().empty()) {
    return unauthenticated("Token contained no client identification");
  }
  std::string user_claim;
  if (auto user = claims.find("USER"); user != claims.end()) {
    user_claim = user->is_string() ? user->get<std::string>() : user->dump();
  }
  // Authentication (401 for an unknown or revoked client) before authorization (403).
  auto principal =
      lookup_.find_client_application(identifier->get_ref<const std::string&>(), user_claim);
  if (!principal) return as_auth_error(std::move(principal).error());
  // The application's stored paths decide (issue 9 item 6): a token's own PATHS claim, minted
  // when the application was created, grants nothing beyond them (and editing the stored paths
  // takes effect for tokens already handed out).
  if (!domain::client_paths_allow(principal->client_paths, path)) {
    return make_error(ErrorCode::kPermissionDenied, "URL not allowed.");
  }
  return principal;
}

}  // namespace mamon::http
