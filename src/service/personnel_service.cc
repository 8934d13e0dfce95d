#include "service/personnel_service.h"

#include <nlohmann/json.hpp>
#include <utility>

#include "base/limits.h"
#include "base/text.h"
#include "service/audit_trail.h"
#include "service/transactions.h"
#include "storage/holders_repo.h"
#include "storage/users_repo.h"

namespace mamon::service {
namespace {

Error invalid(std::string field, std::string message) {
  return make_error(ErrorCode::kInvalidInput, std::move(message), std::move(field));
}

Result<std::string> checked_nickname(std::string_view nickname) {
  std::string out = trimmed(nickname);
  if (out.empty() || out.size() > limits::kNameLengthMax) {
    return invalid("nickname", "A nickname of 1 to 150 characters is required.");
  }
  return out;
}

nlohmann::json personnel_json(const storage::PersonnelFields& f) {
  return {{"nickname", f.nickname}, {"image", f.image}, {"active", f.active}};
}

Status audit(storage::Transaction& tx, const Clock& clock, const domain::Caller& caller,
             std::string action, std::int64_t id, const std::string& username,
             nlohmann::json before, nlohmann::json after) {
  return record_change(
      tx, caller, action, "personnel", id,
      {{"username", username}, {"before", std::move(before)}, {"after", std::move(after)}},
      clock.now_us());
}

Result<storage::PersonnelRow> find_row(storage::Transaction& tx, std::int64_t personnel_id) {
  MAMON_TRY(std::vector<storage::PersonnelRow> rows, storage::list_personnel_rows(tx));
  for (storage::PersonnelRow& row : rows) {
    if (row.personnel.id == personnel_id) return std::move(row);
  }
  return make_error(ErrorCode::kNotFound, "Unknown personnel record.");
}

}  // namespace

Status may_manage_personnel(const domain::Caller& caller) {
  if (domain::has_permission(caller, domain::Permission::kManagePersonnel)) return ok_status();
  return domain::permission_denied_error(domain::Permission::kManagePersonnel,
                                         "Only the board can manage bar staff.");
}

Result<std::vector<storage::PersonnelRow>> list_personnel(storage::Database& db,
                                                          const domain::Caller& caller) {
  MAMON_RETURN_IF_ERROR(may_manage_personnel(caller));
  return run_transaction(db, storage::TxMode::kRead, [&](storage::Transaction& tx) {
    return storage::list_personnel_rows(tx);
  });
}

Result<storage::PersonnelRow> get_personnel(storage::Database& db, const domain::Caller& caller,
                                            std::int64_t personnel_id) {
  MAMON_RETURN_IF_ERROR(may_manage_personnel(caller));
  return run_transaction(db, storage::TxMode::kRead,
                         [&](storage::Transaction& tx) { return find_row(tx, personnel_id); });
}

Result<std::int64_t> create_personnel(storage::Database& db, const Clock& clock,
                                      const domain::Caller& caller, std::int64_t user_id,
                                      const PersonnelForm& form) {
  MAMON_RETURN_IF_ERROR(may_manage_personnel(caller));
  MAMON_TRY(std::string nickname, checked_nickname(form.nickname));
  return run_transaction(
      db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<std::int64_t> {
        Result<domain::User> user = storage::find_user(tx, user_id);
        if (!user.ok()) {
          if (user.error().code != ErrorCode::kNotFound) return user.error();
          return invalid("user", "Choose an existing user.");
        }
        if (user->is_system || !user->is_active) {
          return invalid("user", "Only an active user can become bar staff.");
        }
        MAMON_TRY(std::optional<domain::Personnel> existing,
                  storage::find_personnel_by_user(tx, user_id));
        if (existing) {
          return make_error(ErrorCode::kConflict, "This user is bar staff already.", "user");
        }
        storage::NewPersonnel record;
        record.user_id = user_id;
        record.nickname = nickname;
        record.image = form.image.value_or("");
        record.active = form.active;
        MAMON_TRY(std::int64_t id, storage::insert_personnel(tx, record));
        MAMON_RETURN_IF_ERROR(
            audit(tx, clock, caller, "create_personnel", id, user->username, nullptr,
                  personnel_json({record.nickname, record.image, record.active})));
        return id;
      });
}

Result<CreatedPersonnel> create_personnel_for_username(storage::Database& db, const Clock& clock,
                                                       const domain::Caller& caller,
                                                       std::string_view username,
                                                       const PersonnelForm& form) {
  MAMON_RETURN_IF_ERROR(may_manage_personnel(caller));
  const std::string name = trimmed(username);
  MAMON_TRY(std::int64_t user_id,
            run_transaction(db, storage::TxMode::kRead,
                            [&](storage::Transaction& tx) -> Result<std::int64_t> {
                              Result<domain::User> user = storage::find_user_by_username(tx, name);
                              if (user.ok()) return user->id;
                              if (user.error().code != ErrorCode::kNotFound) return user.error();
                              return invalid("user", "There is no user with this username.");
                            }));
  MAMON_TRY(std::int64_t id, create_personnel(db, clock, caller, user_id, form));
  return CreatedPersonnel{id, user_id};
}

Status update_personnel(storage::Database& db, const Clock& clock, const domain::Caller& caller,
                        std::int64_t personnel_id, const PersonnelForm& form) {
  MAMON_RETURN_IF_ERROR(may_manage_personnel(caller));
  MAMON_TRY(std::string nickname, checked_nickname(form.nickname));
  return run_transaction(db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Status {
    MAMON_TRY(storage::PersonnelRow row, find_row(tx, personnel_id));
    const storage::PersonnelFields before{row.personnel.nickname, row.personnel.image,
                                          row.personnel.active};
    const storage::PersonnelFields after{nickname, form.image.value_or(row.personnel.image),
                                         form.active};
    if (personnel_json(before) == personnel_json(after)) return ok_status();
    MAMON_RETURN_IF_ERROR(storage::update_personnel_fields(tx, personnel_id, after));
    return audit(tx, clock, caller, "update_personnel", personnel_id, row.user.username,
                 personnel_json(before), personnel_json(after));
  });
}

}  // namespace mamon::service
