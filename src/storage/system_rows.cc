#include "storage/system_rows.h"

#include <string>

#include "domain/accounts.h"
#include "storage/holders_repo.h"
#include "storage/ledger_repo.h"
#include "storage/users_repo.h"

namespace mamon::storage {
namespace {

// The system user `username` with its wallet account and holder; each created only if missing.
Status ensure_system_holder(Transaction& tx, std::string_view username, TimestampUs now_us) {
  std::int64_t user_id = 0;
  Result<domain::User> existing = find_user_by_username(tx, username);
  if (existing.ok()) {
    user_id = existing->id;
  } else if (existing.error().code == ErrorCode::kNotFound) {
    NewUser user;
    user.username = std::string(username);
    user.first_name = std::string(username);
    user.is_active = false;
    user.is_system = true;
    user.date_joined_at_us = now_us;
    MAMON_TRY(user_id, insert_user(tx, user));
  } else {
    return existing.error();
  }

  Result<domain::Holder> holder = find_holder_by_user(tx, user_id);
  if (holder.ok()) return ok_status();
  if (holder.error().code != ErrorCode::kHolderNotFound) return holder.error();
  MAMON_TRY(std::int64_t account_id,
            ensure_account(tx, AccountKind::kWallet, domain::wallet_account_name(user_id), now_us));
  NewHolder new_holder;
  new_holder.user_id = user_id;
  new_holder.account_id = account_id;
  MAMON_RETURN_IF_ERROR(insert_holder(tx, new_holder));
  return ok_status();
}

}  // namespace

Status ensure_system_rows(Transaction& tx, TimestampUs now_us) {
  for (std::string_view name : domain::kSystemAccounts) {
    MAMON_RETURN_IF_ERROR(ensure_account(tx, AccountKind::kSystem, name, now_us));
  }
  MAMON_RETURN_IF_ERROR(ensure_system_holder(tx, domain::kSystemUserCash, now_us));
  MAMON_RETURN_IF_ERROR(ensure_system_holder(tx, domain::kSystemUserPin, now_us));
  return ok_status();
}

}  // namespace mamon::storage
