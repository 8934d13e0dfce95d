#include "service/staff_credentials.h"

#include <optional>

#include "base/limits.h"
#include "service/passwords.h"
#include "service/transactions.h"
#include "storage/holders_repo.h"
#include "storage/users_repo.h"

namespace mamon::service {
namespace {

Error invalid_credentials() {
  return make_error(ErrorCode::kInvalidCredentials, "Invalid credentials.", "personel");
}

struct StaffRecord {
  domain::User user;
  std::optional<domain::Personnel> personnel;
};

}  // namespace

Result<domain::Personnel> verify_staff_credentials(storage::Database& db,
                                                   const domain::Caller& caller,
                                                   const StaffCredentials& credentials) {
  if (!domain::can_check_staff_credentials(caller)) {
    return make_error(ErrorCode::kNotPersonnel, "Only bar personnel may do this.");
  }
  if (credentials.username.empty() || credentials.username.size() > limits::kNameLengthMax ||
      credentials.password.empty() || credentials.password.size() > limits::kPasswordLengthMax) {
    return invalid_credentials();
  }
  Result<StaffRecord> record = run_transaction(
      db, storage::TxMode::kRead, [&](storage::Transaction& tx) -> Result<StaffRecord> {
        Result<domain::User> user = storage::find_user_by_username(tx, credentials.username);
        if (!user.ok()) {
          if (user.error().code == ErrorCode::kNotFound) return invalid_credentials();
          return user.error();
        }
        MAMON_TRY(std::optional<domain::Personnel> personnel,
                  storage::find_personnel_by_user(tx, user->id));
        return StaffRecord{*std::move(user), std::move(personnel)};
      });
  if (!record.ok()) return record.error();
  if (!record->user.is_active || record->user.is_system) return invalid_credentials();
  if (verify_password(credentials.password, record->user.password_hash) ==
      PasswordCheck::kMismatch) {
    return invalid_credentials();
  }
  if (!record->personnel.has_value() || !record->personnel->active) return invalid_credentials();
  return *record->personnel;
}

}  // namespace mamon::service
