// Client applications (issue 9 item 6; WEB.md §2 "Client applications"; DESIGN.md §3b
// `mamon clientapp`): other association websites that call the API with a long-lived token acting
// as a given user, on an allow-list of path patterns.
//
// Rules:
//   - Every management call needs manage_clients (superusers by default): kPermissionDenied
//     naming it, before anything is read. The CLI passes cli_operator() (the machine's operator).
//   - The patterns are checked when saved (domain/client_paths.h): an invalid one is kInvalidInput
//     with field "paths" and a message naming it. The STORED patterns are what the API allows;
//     a token's PATHS claim grants nothing (http/middleware/authentication.cc).
//   - The token is minted once, at creation, as the old system minted them (HS256 with JWT_KEY,
//     claims IDENTIFIER, PATHS, USER; no exp), and never stored: it is shown once.
//   - Revoking takes effect at the next request (client principals are never cached).
//   - Every change writes one audit entry (object_type "client_application", object_id its id,
//     detail {"before": ..., "after": ...}) in the same transaction.
//   - The last use is written at most once per kClientLastUseIntervalUs per application (a
//     conditional update, so several instances together write it at most once per interval).
// Thread-safe: each call takes its own pooled connection.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "domain/permissions.h"
#include "service/auth_service.h"
#include "storage/client_applications_repo.h"
#include "storage/database.h"

namespace mamon::service {

inline constexpr TimestampUs kClientLastUseIntervalUs = 60'000'000;  // once a minute

// The caller the CLI acts as: a superuser without a user row (audit entries name no user).
domain::Caller cli_operator();

// OK when the caller may manage client applications, else kPermissionDenied naming
// manage_clients.
Status may_manage_clients(const domain::Caller& caller);

// The form's path patterns: one per line (blank lines and surrounding blanks ignored). At least
// one, at most domain::kClientPathPatternsMax, each valid; else kInvalidInput field "paths".
Result<std::vector<std::string>> parse_client_paths(std::string_view text);

struct ClientApplicationInput {
  std::string name;                // 1..limits::kNameLengthMax bytes after trimming (field "name")
  std::string username;            // an existing, active, non-system user (field "user")
  std::vector<std::string> paths;  // checked as parse_client_paths checks each (field "paths")
};

struct CreatedClientApplication {
  std::int64_t id = 0;
  std::string identifier;
  std::string token;  // shown once; never stored
};

// Creates the application with its paths and mints its token. Needs `jwt_key` non-empty
// (kUnavailable "JWT_KEY is not configured" otherwise: a token no server accepts is useless).
Result<CreatedClientApplication> create_client_application(storage::Database& db,
                                                           const Clock& clock,
                                                           std::string_view jwt_key,
                                                           const domain::Caller& caller,
                                                           const ClientApplicationInput& input);

// Every application, revoked ones too, newest first.
Result<std::vector<storage::ClientApplicationRow>> list_client_applications(
    storage::Database& db, const domain::Caller& caller);
// Error kNotFound.
Result<storage::ClientApplicationRow> get_client_application(storage::Database& db,
                                                             const domain::Caller& caller,
                                                             std::int64_t id);
Result<storage::ClientApplicationRow> get_client_application_by_identifier(
    storage::Database& db, const domain::Caller& caller, std::string_view identifier);

// Replaces the stored paths (checked as above). kNotFound; kConflict for a revoked application.
Status update_client_application_paths(storage::Database& db, const Clock& clock,
                                       const domain::Caller& caller, std::int64_t id,
                                       const std::vector<std::string>& paths);

// Revokes it at once. kNotFound; revoking a revoked application changes nothing (no entry).
Status revoke_client_application(storage::Database& db, const Clock& clock,
                                 const domain::Caller& caller, std::int64_t id);

// For authentication: the application's user (as load_client_application_user: kUnauthenticated
// for an unknown or revoked application, or an inactive user) and its stored paths; records the
// use (throttled as above).
struct ClientApplicationAccess {
  UserProfile profile;
  std::vector<std::string> paths;
};
Result<ClientApplicationAccess> load_client_application_access(storage::Database& db,
                                                               const Clock& clock,
                                                               std::string_view identifier);

}  // namespace mamon::service
