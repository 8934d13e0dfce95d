#include "service/client_applications_service.h"

#include <nlohmann/json.hpp>
#include <utility>

#include "base/limits.h"
#include "base/text.h"
#include "domain/client_paths.h"
#include "service/audit_trail.h"
#include "service/tokens.h"
#include "service/transactions.h"
#include "storage/auth_repo.h"
#include "storage/users_repo.h"

namespace mamon::service {
namespace {

Error invalid(std::string field, std::string message) {
  return make_error(ErrorCode::kInvalidInput, std::move(message), std::move(field));
}

Status check_paths(const std::vector<std::string>& paths) {
  if (paths.empty())
    return invalid("paths", "Enter at least one path pattern, such as /api/products/.");
  if (paths.size() > domain::kClientPathPatternsMax) {
    return invalid("paths", "At most 50 path patterns are allowed.");
  }
  for (const std::string& pattern : paths) {
    if (auto reason = domain::client_path_pattern_error(pattern)) {
      return invalid("paths", "The pattern \"" + pattern + "\" is not valid: " + *reason);
    }
  }
  return ok_status();
}

// A uuid (version 4 layout) from 128 random bits.
std::string new_identifier() {
  std::string hex = new_token_id();
  hex[12] = '4';
  hex[16] = "89ab"[hex[16] % 4];
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

nlohmann::json state_json(const storage::ClientApplicationRow& row) {
  return {{"name", row.name},
          {"identifier", row.identifier},
          {"user", row.username},
          {"paths", row.paths},
          {"revoked", row.revoked_at_us.has_value()}};
}

Status audit(storage::Transaction& tx, const Clock& clock, const domain::Caller& caller,
             std::string action, std::int64_t id, nlohmann::json before, nlohmann::json after) {
  return record_change(tx, caller, action, "client_application", id,
                       {{"before", std::move(before)}, {"after", std::move(after)}},
                       clock.now_us());
}

}  // namespace

domain::Caller cli_operator() {
  domain::Caller caller;
  caller.is_superuser = true;
  return caller;
}

Status may_manage_clients(const domain::Caller& caller) {
  if (domain::has_permission(caller, domain::Permission::kManageClients)) return ok_status();
  return domain::permission_denied_error(domain::Permission::kManageClients,
                                         "Only administrators can manage client applications.");
}

Result<std::vector<std::string>> parse_client_paths(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string line = trimmed(text.substr(0, end));
    if (!line.empty()) out.push_back(std::move(line));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  MAMON_RETURN_IF_ERROR(check_paths(out));
  return out;
}

Result<CreatedClientApplication> create_client_application(storage::Database& db,
                                                           const Clock& clock,
                                                           std::string_view jwt_key,
                                                           const domain::Caller& caller,
                                                           const ClientApplicationInput& input) {
  MAMON_RETURN_IF_ERROR(may_manage_clients(caller));
  const std::string name = trimmed(input.name);
  if (name.empty() || name.size() > limits::kNameLengthMax) {
    return invalid("name", "A name of 1 to 150 characters is required.");
  }
  const std::string username = trimmed(input.username);
  if (username.empty()) return invalid("user", "Enter the username the application acts as.");
  MAMON_RETURN_IF_ERROR(check_paths(input.paths));
  if (jwt_key.empty()) {
    return make_error(ErrorCode::kUnavailable,
                      "JWT_KEY is not configured: no server would accept the token.");
  }
  const std::string identifier = new_identifier();
  const TimestampUs now = clock.now_us();
  return run_transaction(
      db, storage::TxMode::kWrite,
      [&](storage::Transaction& tx) -> Result<CreatedClientApplication> {
        Result<domain::User> user = storage::find_user_by_username(tx, username);
        if (!user.ok()) {
          if (user.error().code != ErrorCode::kNotFound) return user.error();
          return invalid("user", "There is no user with this username.");
        }
        if (!user->is_active || user->is_system) {
          return invalid("user", "The application must act as an active user.");
        }
        MAMON_TRY(std::int64_t id,
                  storage::insert_client_application(tx, identifier, name, user->id, now));
        MAMON_RETURN_IF_ERROR(storage::replace_client_application_paths(tx, id, input.paths));
        MAMON_TRY(storage::ClientApplicationRow row, storage::find_client_application_row(tx, id));
        MAMON_RETURN_IF_ERROR(
            audit(tx, clock, caller, "create_client_application", id, nullptr, state_json(row)));
        const nlohmann::json claims = {
            {"IDENTIFIER", identifier}, {"PATHS", input.paths}, {"USER", user->username}};
        MAMON_TRY(std::string token, sign_token(claims, jwt_key));
        return CreatedClientApplication{id, identifier, std::move(token)};
      });
}

Result<std::vector<storage::ClientApplicationRow>> list_client_applications(
    storage::Database& db, const domain::Caller& caller) {
  MAMON_RETURN_IF_ERROR(may_manage_clients(caller));
  return run_transaction(db, storage::TxMode::kRead, [&](storage::Transaction& tx) {
    return storage::list_client_application_rows(tx);
  });
}

Result<storage::ClientApplicationRow> get_client_application(storage::Database& db,
                                                             const domain::Caller& caller,
                                                             std::int64_t id) {
  MAMON_RETURN_IF_ERROR(may_manage_clients(caller));
  return run_transaction(db, storage::TxMode::kRead, [&](storage::Transaction& tx) {
    return storage::find_client_application_row(tx, id);
  });
}

Result<storage::ClientApplicationRow> get_client_application_by_identifier(
    storage::Database& db, const domain::Caller& caller, std::string_view identifier) {
  MAMON_RETURN_IF_ERROR(may_manage_clients(caller));
  return run_transaction(db, storage::TxMode::kRead, [&](storage::Transaction& tx) {
    return storage::find_client_application_row_by_identifier(tx, identifier);
  });
}

Status update_client_application_paths(storage::Database& db, const Clock& clock,
                                       const domain::Caller& caller, std::int64_t id,
                                       const std::vector<std::string>& paths) {
  MAMON_RETURN_IF_ERROR(may_manage_clients(caller));
  MAMON_RETURN_IF_ERROR(check_paths(paths));
  return run_transaction(db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Status {
    MAMON_TRY(storage::ClientApplicationRow before, storage::find_client_application_row(tx, id));
    if (before.revoked_at_us) {
      return make_error(ErrorCode::kConflict, "This client application was revoked.", "paths");
    }
    if (before.paths == paths) return ok_status();
    MAMON_RETURN_IF_ERROR(storage::replace_client_application_paths(tx, id, paths));
    storage::ClientApplicationRow after = before;
    after.paths = paths;
    return audit(tx, clock, caller, "update_client_application", id, state_json(before),
                 state_json(after));
  });
}

Status revoke_client_application(storage::Database& db, const Clock& clock,
                                 const domain::Caller& caller, std::int64_t id) {
  MAMON_RETURN_IF_ERROR(may_manage_clients(caller));
  return run_transaction(db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Status {
    MAMON_TRY(storage::ClientApplicationRow before, storage::find_client_application_row(tx, id));
    MAMON_TRY(bool revoked, storage::revoke_client_application(tx, id, clock.now_us()));
    if (!revoked) return ok_status();
    storage::ClientApplicationRow after = before;
    after.revoked_at_us = clock.now_us();
    return audit(tx, clock, caller, "revoke_client_application", id, state_json(before),
                 state_json(after));
  });
}

Result<ClientApplicationAccess> load_client_application_access(storage::Database& db,
                                                               const Clock& clock,
                                                               std::string_view identifier) {
  MAMON_TRY(UserProfile profile, load_client_application_user(db, identifier));
  MAMON_TRY(storage::ClientApplicationRow row,
            run_transaction(db, storage::TxMode::kRead, [&](storage::Transaction& tx) {
              return storage::find_client_application_row_by_identifier(tx, identifier);
            }));
  const TimestampUs now = clock.now_us();
  if (!row.last_used_at_us || now - *row.last_used_at_us >= kClientLastUseIntervalUs) {
    // Best effort: a failed write of the last use must not refuse the request.
    (void)run_transaction(db, storage::TxMode::kWrite, [&](storage::Transaction& tx) {
      return storage::record_client_application_use(tx, identifier, now,
                                                    now - kClientLastUseIntervalUs);
    });
  }
  return ClientApplicationAccess{std::move(profile), std::move(row.paths)};
}

}  // namespace mamon::service
