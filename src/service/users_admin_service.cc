#include "service/users_admin_service.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>

#include "base/limits.h"
#include "base/text.h"
#include "service/audit_trail.h"
#include "service/passwords.h"
#include "service/transactions.h"
#include "service/users_service.h"
#include "storage/roles_repo.h"
#include "storage/users_repo.h"

namespace mamon::service {
namespace {

constexpr std::size_t kEmailLengthMax = 254;  // as users_service.cc

Error invalid(std::string field, std::string message) {
  return make_error(ErrorCode::kInvalidInput, std::move(message), std::move(field));
}

Error conflict(std::string field, std::string message) {
  return make_error(ErrorCode::kConflict, std::move(message), std::move(field));
}

// The checked form.
struct CheckedUser {
  storage::UserFields fields;
  std::optional<std::int64_t> ledenbase_id;
  std::vector<std::int64_t> group_ids;  // sorted, unique
};

Result<CheckedUser> check_form(const UserForm& form) {
  CheckedUser out;
  out.fields.first_name = trimmed(form.first_name);
  if (out.fields.first_name.size() > limits::kNameLengthMax) {
    return invalid("first_name", "A first name has at most 150 characters.");
  }
  out.fields.last_name = trimmed(form.last_name);
  if (out.fields.last_name.size() > limits::kNameLengthMax) {
    return invalid("last_name", "A last name has at most 150 characters.");
  }
  out.fields.email = trimmed(form.email);
  if (out.fields.email.size() > kEmailLengthMax) {
    return invalid("email", "Enter an e-mail address such as name@example.org, or nothing.");
  }
  MAMON_RETURN_IF_ERROR(check_email_shape(out.fields.email));
  out.fields.is_active = form.is_active;
  out.fields.is_superuser = form.is_superuser;
  MAMON_TRY(out.ledenbase_id, parse_ledenbase_id(form.ledenbase_id));
  out.group_ids = form.group_ids;
  std::sort(out.group_ids.begin(), out.group_ids.end());
  out.group_ids.erase(std::unique(out.group_ids.begin(), out.group_ids.end()), out.group_ids.end());
  return out;
}

nlohmann::json user_json(const storage::UserFields& f, std::optional<std::int64_t> ledenbase_id,
                         const std::vector<std::string>& group_names) {
  return {{"first_name", f.first_name},
          {"last_name", f.last_name},
          {"email", f.email},
          {"is_active", f.is_active},
          {"is_superuser", f.is_superuser},
          {"ledenbase_id", ledenbase_id ? nlohmann::json(*ledenbase_id) : nlohmann::json(nullptr)},
          {"groups", group_names}};
}

Status audit(storage::Transaction& tx, const Clock& clock, const domain::Caller& caller,
             std::string_view action, std::string_view object_type, std::int64_t object_id,
             const nlohmann::json& detail) {
  return record_change(tx, caller, action, object_type, object_id, detail, clock.now_us());
}

// Whether a user with these roles would hold manage_users.
Result<bool> would_manage_users(storage::Transaction& tx, const CheckedUser& after,
                                bool active_personnel) {
  if (!after.fields.is_active) return false;
  if (after.fields.is_superuser) return true;
  MAMON_TRY(std::vector<domain::Role> roles, storage::list_roles(tx));
  for (const domain::Role& role : roles) {
    const bool member =
        role.builtin ? active_personnel
                     : std::binary_search(after.group_ids.begin(), after.group_ids.end(), role.id);
    if (member && role.permissions.contains(domain::Permission::kManageUsers)) return true;
  }
  return false;
}

Result<std::string> checked_group_name(std::string_view name) {
  std::string out = trimmed(name);
  if (out.empty() || out.size() > limits::kNameLengthMax) {
    return invalid("name", "A name of 1 to 150 characters is required.");
  }
  return out;
}

Error with_group_name_conflict(Error error) {
  if (error.code == ErrorCode::kConflict) {
    error.message = "A group with this name already exists.";
    error.field = "name";
  }
  return error;
}

}  // namespace

Status may_manage_users(const domain::Caller& caller) {
  if (domain::can_manage_users(caller)) return ok_status();
  return domain::permission_denied_error(domain::Permission::kManageUsers,
                                         "Only administrators can manage users and groups.");
}

Result<std::vector<storage::ManagedUserRow>> list_users_to_manage(storage::Database& db,
                                                                  const domain::Caller& caller,
                                                                  std::string_view search) {
  MAMON_RETURN_IF_ERROR(may_manage_users(caller));
  const std::string text = trimmed(search.substr(0, limits::kNameLengthMax));
  return run_transaction(db, storage::TxMode::kRead, [&](storage::Transaction& tx) {
    return storage::list_managed_users(tx, text, kManagedUsersListMax);
  });
}

Result<storage::ManagedUserRow> get_user_to_manage(storage::Database& db,
                                                   const domain::Caller& caller,
                                                   std::int64_t user_id) {
  MAMON_RETURN_IF_ERROR(may_manage_users(caller));
  return run_transaction(db, storage::TxMode::kRead, [&](storage::Transaction& tx) {
    return storage::find_managed_user(tx, user_id);
  });
}

Result<UserUpdate> update_user(storage::Database& db, const Clock& clock,
                               const domain::Caller& caller, std::int64_t user_id,
                               const UserForm& form) {
  MAMON_RETURN_IF_ERROR(may_manage_users(caller));
  MAMON_TRY(CheckedUser after, check_form(form));
  return run_transaction(
      db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<UserUpdate> {
        MAMON_TRY(storage::ManagedUserRow before, storage::find_managed_user(tx, user_id));
        MAMON_TRY(std::vector<storage::GroupRow> groups, storage::list_groups(tx));
        std::vector<std::string> after_names;
        for (std::int64_t id : after.group_ids) {
          auto it = std::find_if(groups.begin(), groups.end(),
                                 [&](const storage::GroupRow& g) { return g.id == id; });
          if (it == groups.end()) return invalid("groups", "A chosen group does not exist.");
          after_names.push_back(it->name);
        }
        std::sort(after_names.begin(), after_names.end());
        std::vector<std::string> before_names;
        for (const storage::GroupRow& g : before.groups) before_names.push_back(g.name);
        const storage::UserFields before_fields{before.user.first_name, before.user.last_name,
                                                before.user.email, before.user.is_active,
                                                before.user.is_superuser};
        const nlohmann::json before_json =
            user_json(before_fields, before.ledenbase_id, before_names);
        const nlohmann::json after_json = user_json(after.fields, after.ledenbase_id, after_names);
        if (before_json == after_json) return UserUpdate{};

        // The last active superuser stays one.
        const bool was_super = before.user.is_active && before.user.is_superuser;
        const bool is_super = after.fields.is_active && after.fields.is_superuser;
        if (was_super && !is_super) {
          MAMON_TRY(std::int64_t supers, storage::count_active_superusers(tx));
          if (supers <= 1) {
            return after.fields.is_superuser
                       ? conflict("is_active", "The last active superuser cannot be deactivated.")
                       : conflict("is_superuser",
                                  "The last active superuser must stay a superuser.");
          }
        }
        // Nobody takes away their own manage_users.
        if (user_id == caller.user_id) {
          const bool personnel = before.personnel && before.personnel->active;
          MAMON_TRY(bool keeps, would_manage_users(tx, after, personnel));
          if (!keeps) {
            std::string field = !after.fields.is_active ? "is_active"
                                : before.user.is_superuser && !after.fields.is_superuser
                                    ? "is_superuser"
                                    : "groups";
            Error error = conflict(std::move(field),
                                   "You cannot take away your own permission manage_users.");
            error.permission =
                std::string(domain::permission_name(domain::Permission::kManageUsers));
            return error;
          }
        }
        // ---- Writes from here. ----
        MAMON_RETURN_IF_ERROR(storage::update_user_fields(tx, user_id, after.fields));
        if (after.ledenbase_id != before.ledenbase_id) {
          Status set = storage::set_holder_ledenbase_id(tx, user_id, after.ledenbase_id);
          if (!set.ok()) {
            Error error = set.error();
            if (error.code == ErrorCode::kConflict) {
              return conflict("ledenbase_id", "This ledenbase id belongs to another holder.");
            }
            return error;
          }
        }
        if (after_names != before_names) {
          MAMON_RETURN_IF_ERROR(storage::set_user_group_ids(tx, user_id, after.group_ids));
        }
        UserUpdate update;
        update.changed = true;
        if (before.user.is_active && !after.fields.is_active) {
          update.deactivated = true;
          MAMON_TRY(update.sessions_ended, storage::delete_user_web_sessions(tx, user_id));
          MAMON_TRY(update.tokens_revoked,
                    storage::revoke_user_refresh_tokens(tx, user_id, clock.now_us()));
        }
        MAMON_RETURN_IF_ERROR(audit(
            tx, clock, caller, "update_user", "user", user_id,
            {{"username", before.user.username}, {"before", before_json}, {"after", after_json}}));
        return update;
      });
}

Status set_user_password(storage::Database& db, const Clock& clock, const domain::Caller& caller,
                         std::int64_t user_id, std::string_view password) {
  MAMON_RETURN_IF_ERROR(may_manage_users(caller));
  if (password.empty()) return invalid("password", "Enter a password.");
  if (password.size() > limits::kPasswordLengthMax) {
    return invalid("password", "The password is too long.");
  }
  // argon2id takes ~0.1 s: hashed before the transaction, so no lock is held meanwhile.
  MAMON_TRY(std::string hash, hash_password(password));
  return run_transaction(db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Status {
    MAMON_TRY(storage::ManagedUserRow user, storage::find_managed_user(tx, user_id));
    MAMON_RETURN_IF_ERROR(storage::set_user_password_hash(tx, user_id, hash));
    return audit(tx, clock, caller, "set_password", "user", user_id,
                 {{"username", user.user.username},
                  {"before", {{"local_password", !user.user.password_hash.empty()}}},
                  {"after", {{"local_password", true}}}});
  });
}

Result<std::vector<storage::GroupRow>> list_groups(storage::Database& db,
                                                   const domain::Caller& caller) {
  MAMON_RETURN_IF_ERROR(may_manage_users(caller));
  return run_transaction(db, storage::TxMode::kRead,
                         [&](storage::Transaction& tx) { return storage::list_groups(tx); });
}

Result<GroupDetail> get_group(storage::Database& db, const domain::Caller& caller,
                              std::int64_t group_id) {
  MAMON_RETURN_IF_ERROR(may_manage_users(caller));
  return run_transaction(
      db, storage::TxMode::kRead, [&](storage::Transaction& tx) -> Result<GroupDetail> {
        MAMON_TRY(std::vector<storage::GroupRow> groups, storage::list_groups(tx));
        auto it = std::find_if(groups.begin(), groups.end(),
                               [&](const storage::GroupRow& g) { return g.id == group_id; });
        if (it == groups.end()) return make_error(ErrorCode::kNotFound, "Unknown group.");
        MAMON_TRY(std::vector<domain::User> members, storage::group_members(tx, group_id));
        return GroupDetail{*it, std::move(members)};
      });
}

Result<std::int64_t> create_group(storage::Database& db, const Clock& clock,
                                  const domain::Caller& caller, std::string_view name) {
  MAMON_RETURN_IF_ERROR(may_manage_users(caller));
  MAMON_TRY(std::string checked, checked_group_name(name));
  Result<std::int64_t> created = run_transaction(
      db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<std::int64_t> {
        MAMON_TRY(std::int64_t id, storage::insert_group(tx, checked));
        MAMON_RETURN_IF_ERROR(audit(tx, clock, caller, "create_group", "group", id,
                                    {{"before", nullptr}, {"after", {{"name", checked}}}}));
        return id;
      });
  if (!created.ok()) return with_group_name_conflict(created.error());
  return created;
}

Status rename_group(storage::Database& db, const Clock& clock, const domain::Caller& caller,
                    std::int64_t group_id, std::string_view name) {
  MAMON_RETURN_IF_ERROR(may_manage_users(caller));
  MAMON_TRY(std::string checked, checked_group_name(name));
  Status renamed =
      run_transaction(db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Status {
        MAMON_TRY(std::vector<storage::GroupRow> groups, storage::list_groups(tx));
        auto it = std::find_if(groups.begin(), groups.end(),
                               [&](const storage::GroupRow& g) { return g.id == group_id; });
        if (it == groups.end()) return make_error(ErrorCode::kNotFound, "Unknown group.");
        if (it->name == checked) return ok_status();
        MAMON_RETURN_IF_ERROR(storage::rename_group(tx, group_id, checked));
        return audit(tx, clock, caller, "rename_group", "group", group_id,
                     {{"before", {{"name", it->name}}}, {"after", {{"name", checked}}}});
      });
  if (!renamed.ok()) return with_group_name_conflict(renamed.error());
  return renamed;
}

}  // namespace mamon::service
