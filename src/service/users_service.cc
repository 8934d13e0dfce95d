#include "service/users_service.h"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "base/limits.h"
#include "base/text.h"
#include "domain/accounts.h"
#include "service/audit_trail.h"
#include "service/passwords.h"
#include "service/transactions.h"
#include "storage/holders_repo.h"
#include "storage/ledger_repo.h"
#include "storage/roles_repo.h"
#include "storage/users_repo.h"

namespace mamon::service {
namespace {

constexpr std::size_t kEmailLengthMax = 254;  // RFC 5321's path limit

Status check_text(std::string_view value, std::string_view field, std::size_t min_bytes,
                  std::size_t max_bytes) {
  if (value.size() < min_bytes || value.size() > max_bytes) {
    std::string message(field);
    message.append(" must have ")
        .append(std::to_string(min_bytes))
        .append(" to ")
        .append(std::to_string(max_bytes))
        .append(" characters.");
    return make_error(ErrorCode::kInvalidInput, std::move(message), std::string(field));
  }
  for (char c : value) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      std::string message(field);
      message.append(" must not contain control characters.");
      return make_error(ErrorCode::kInvalidInput, std::move(message), std::string(field));
    }
  }
  return ok_status();
}

}  // namespace

Status check_email_shape(std::string_view email) {
  if (!email.empty() && std::count(email.begin(), email.end(), '@') != 1) {
    return make_error(ErrorCode::kInvalidInput,
                      "Enter an e-mail address such as name@example.org, or nothing.", "email");
  }
  return ok_status();
}

Result<std::optional<std::int64_t>> parse_ledenbase_id(std::string_view text) {
  const std::string ledenbase = trimmed(text);
  if (ledenbase.empty()) return std::optional<std::int64_t>();
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(ledenbase.data(), ledenbase.data() + ledenbase.size(), id);
  if (ec != std::errc() || end != ledenbase.data() + ledenbase.size() || id <= 0) {
    return make_error(ErrorCode::kInvalidInput,
                      "A ledenbase id is a positive whole number, or nothing.", "ledenbase_id");
  }
  return std::optional<std::int64_t>(id);
}

namespace {

Status validate_create_user(const CreateUserRequest& r) {
  MAMON_RETURN_IF_ERROR(check_text(r.username, "username", 1, limits::kNameLengthMax));
  if (r.password && r.password->empty()) {
    return make_error(ErrorCode::kInvalidInput, "A password must not be empty.", "password");
  }
  if (r.password && r.password->size() > limits::kPasswordLengthMax) {
    return make_error(ErrorCode::kInvalidInput, "The password is too long.", "password");
  }
  MAMON_RETURN_IF_ERROR(check_text(r.first_name, "first_name", 0, limits::kNameLengthMax));
  MAMON_RETURN_IF_ERROR(check_text(r.last_name, "last_name", 0, limits::kNameLengthMax));
  MAMON_RETURN_IF_ERROR(check_text(r.email, "email", 0, kEmailLengthMax));
  MAMON_RETURN_IF_ERROR(check_email_shape(r.email));
  for (const std::string& group : r.groups) {
    MAMON_RETURN_IF_ERROR(check_text(group, "groups", 1, limits::kNameLengthMax));
  }
  if (r.personnel_nickname) {
    MAMON_RETURN_IF_ERROR(check_text(*r.personnel_nickname, "nickname", 0, limits::kNameLengthMax));
  }
  if (r.ledenbase_id && *r.ledenbase_id <= 0) {
    return make_error(ErrorCode::kInvalidInput, "ledenbase_id must be positive.", "ledenbase_id");
  }
  return ok_status();
}

Result<domain::HolderView> create_user_in(storage::Transaction& tx, const Clock& clock,
                                          const CreateUserRequest& r,
                                          const std::string& password_hash) {
  const TimestampUs now_us = clock.now_us();
  // Validations against the database: the unique values are free.
  Result<domain::User> taken = storage::find_user_by_username(tx, r.username);
  if (taken.ok()) {
    return make_error(ErrorCode::kConflict, "This username is taken.", "username");
  }
  if (taken.error().code != ErrorCode::kNotFound) return taken.error();
  if (r.ledenbase_id) {
    Result<domain::Holder> other = storage::find_holder_by_ledenbase_id(tx, *r.ledenbase_id);
    if (other.ok()) {
      return make_error(ErrorCode::kConflict, "This ledenbase id belongs to another holder.",
                        "ledenbase_id");
    }
    if (other.error().code != ErrorCode::kHolderNotFound) return other.error();
  }

  // ---- Writes from here (a concurrent creator of the same username loses on UNIQUE). ----
  storage::NewUser user;
  user.username = r.username;
  user.password_hash = password_hash;
  user.first_name = r.first_name;
  user.last_name = r.last_name;
  user.email = r.email;
  user.is_superuser = r.is_superuser;
  user.is_staff = r.is_staff;
  user.date_joined_at_us = now_us;
  MAMON_TRY(std::int64_t user_id, storage::insert_user(tx, user));
  MAMON_TRY(std::int64_t account_id,
            storage::insert_account(tx, storage::AccountKind::kWallet,
                                    domain::wallet_account_name(user_id), now_us));
  storage::NewHolder holder;
  holder.user_id = user_id;
  holder.account_id = account_id;
  holder.ledenbase_id = r.ledenbase_id;
  MAMON_RETURN_IF_ERROR(storage::insert_holder(tx, holder));
  for (const std::string& group : r.groups) {
    MAMON_TRY(std::int64_t group_id, storage::ensure_group(tx, group));
    MAMON_RETURN_IF_ERROR(storage::add_user_to_group(tx, user_id, group_id));
  }
  if (r.personnel_nickname) {
    storage::NewPersonnel personnel;
    personnel.user_id = user_id;
    personnel.nickname = *r.personnel_nickname;
    MAMON_RETURN_IF_ERROR(storage::insert_personnel(tx, personnel));
  }
  return storage::find_holder_view_by_user(tx, user_id);
}

}  // namespace

Result<domain::HolderView> create_user(storage::Database& db, const Clock& clock,
                                       const CreateUserRequest& request) {
  MAMON_RETURN_IF_ERROR(validate_create_user(request));
  std::string password_hash;  // '': no usable local password
  if (request.password) {
    MAMON_TRY(password_hash, hash_password(*request.password));
  }
  return run_transaction(db, storage::TxMode::kWrite, [&](storage::Transaction& tx) {
    return create_user_in(tx, clock, request, password_hash);
  });
}

Result<domain::HolderView> create_user(storage::Database& db, const Clock& clock,
                                       const domain::Caller& caller,
                                       const CreateUserRequest& request) {
  if (!domain::can_manage_users(caller)) {
    return domain::permission_denied_error(domain::Permission::kManageUsers,
                                           "Only a superuser can create users.");
  }
  MAMON_RETURN_IF_ERROR(validate_create_user(request));
  std::string password_hash;  // '': no usable local password
  if (request.password) {
    MAMON_TRY(password_hash, hash_password(*request.password));
  }
  return run_transaction(
      db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<domain::HolderView> {
        MAMON_TRY(domain::HolderView view, create_user_in(tx, clock, request, password_hash));
        // The audit entry of the website's "new user" (issue 9 item 8), in the same transaction.
        const nlohmann::json after = {
            {"username", request.username},
            {"first_name", request.first_name},
            {"last_name", request.last_name},
            {"email", request.email},
            {"is_superuser", request.is_superuser},
            {"groups", request.groups},
            {"ledenbase_id", request.ledenbase_id ? nlohmann::json(*request.ledenbase_id)
                                                  : nlohmann::json(nullptr)},
            {"local_password", request.password.has_value()}};
        MAMON_RETURN_IF_ERROR(record_change(tx, caller, "create_user", "user", view.user.id,
                                            {{"before", nullptr}, {"after", after}},
                                            clock.now_us()));
        return view;
      });
}

Result<domain::Caller> load_caller(storage::Database& db, std::int64_t user_id) {
  return run_transaction(
      db, storage::TxMode::kRead, [&](storage::Transaction& tx) -> Result<domain::Caller> {
        Result<domain::User> user = storage::find_user(tx, user_id);
        if (!user.ok() && user.error().code != ErrorCode::kNotFound) {
          return user.error();
        }
        if (!user.ok() || !user->is_active || user->is_system) {
          return make_error(ErrorCode::kUnauthenticated, "The user is unknown or inactive.");
        }
        domain::Caller caller;
        caller.user_id = user->id;
        caller.is_superuser = user->is_superuser;
        MAMON_TRY(caller.groups, storage::group_names_of_user(tx, user_id));
        MAMON_TRY(std::optional<domain::Personnel> personnel,
                  storage::find_personnel_by_user(tx, user_id));
        if (personnel && personnel->active) caller.personnel_id = personnel->id;
        MAMON_TRY(caller.permissions, storage::permissions_of_user(tx, user_id));
        Result<domain::Holder> holder = storage::find_holder_by_user(tx, user_id);
        if (holder.ok()) {
          caller.holder_id = holder->id;
        } else if (holder.error().code != ErrorCode::kHolderNotFound) {
          return holder.error();
        }
        return caller;
      });
}

}  // namespace mamon::service
