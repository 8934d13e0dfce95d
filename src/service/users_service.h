// Users: creating one (with its holder, wallet and optionally personnel record), and building the
// Caller that every permission check reads. Each call is one database transaction.
// Thread-safe: every call takes its own pooled connection; the Clock and Database are shared.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "domain/permissions.h"
#include "domain/users.h"
#include "storage/database.h"

namespace mamon::service {

struct CreateUserRequest {
  std::string username;  // 1..limits::kNameLengthMax bytes, no control characters
  // Hashed with hash_password (argon2id). nullopt: no local password — the stored hash is '' and
  // no password logs in locally (members who log in through the ledenbase).
  std::optional<std::string> password;
  std::string first_name;
  std::string last_name;
  std::string email;
  bool is_superuser = false;
  bool is_staff = false;
  std::vector<std::string> groups;                // by name; missing groups are created
  std::optional<std::string> personnel_nickname;  // given: the user is active personnel
  std::optional<std::int64_t> ledenbase_id;       // > 0
};

// The user forms' shared field rules (create_user here, update_user in users_admin_service.h):
// an email, when given, has exactly one '@' (kInvalidInput "email"); a ledenbase id is "" (none)
// or a positive whole number, surrounding spaces ignored (kInvalidInput "ledenbase_id").
Status check_email_shape(std::string_view email);
Result<std::optional<std::int64_t>> parse_ledenbase_id(std::string_view text);

// Creates the user, its wallet account (domain::wallet_account_name), its holder, its group
// memberships and, with a nickname, its active personnel record, all in one transaction. Checks,
// in order: field shapes and lengths (an email has one '@' when given), an empty (given) password
// refused (kInvalidInput, with the field); then, in the transaction, a taken username or ledenbase
// id (kConflict). The password is hashed before the transaction starts (argon2 takes ~0.1 s; no
// lock is held meanwhile). No permission check: for the CLI (`mamon adduser`, `createsuperuser`)
// and for callers that checked domain::can_manage_users — the overload below does that.
Result<domain::HolderView> create_user(storage::Database& db, const Clock& clock,
                                       const CreateUserRequest& request);

// As above, for a caller who must be allowed to manage users (kPermissionDenied); also writes the
// audit entry "create_user" (object "user", before null -> after, no password) in the same
// transaction.
Result<domain::HolderView> create_user(storage::Database& db, const Clock& clock,
                                       const domain::Caller& caller,
                                       const CreateUserRequest& request);

// The Caller for an authenticated user: groups, permissions (its groups' grants and, with an
// active personnel record, Personnel's), active personnel record, holder.
// Error kUnauthenticated if the user does not exist, is inactive or is a system user.
Result<domain::Caller> load_caller(storage::Database& db, std::int64_t user_id);

}  // namespace mamon::service
