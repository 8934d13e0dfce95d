// Users and groups (DESIGN.md §1). All calls run inside the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "domain/users.h"
#include "storage/database.h"

namespace mamon::storage {

struct NewUser {
  std::string username;
  std::string password_hash;  // '' = no usable local password
  std::string first_name;
  std::string last_name;
  std::string email;
  bool is_active = true;
  bool is_superuser = false;
  bool is_staff = false;
  bool is_system = false;
  TimestampUs date_joined_at_us = 0;
};

// Error kConflict if the username is taken.
Result<std::int64_t> insert_user(Transaction& tx, const NewUser& user);

// Error kNotFound.
Result<domain::User> find_user(Transaction& tx, std::int64_t user_id);
// Exact (case-sensitive, as Django's) username match. Error kNotFound.
Result<domain::User> find_user_by_username(Transaction& tx, std::string_view username);

Status set_user_password_hash(Transaction& tx, std::int64_t user_id, std::string_view hash);
Status set_user_last_login(Transaction& tx, std::int64_t user_id, TimestampUs at_us);

// The group's id, creating the group if it does not exist (safe against a concurrent creator).
Result<std::int64_t> ensure_group(Transaction& tx, std::string_view name);
// Idempotent.
Status add_user_to_group(Transaction& tx, std::int64_t user_id, std::int64_t group_id);
// The user's group names, sorted.
Result<std::vector<std::string>> group_names_of_user(Transaction& tx, std::int64_t user_id);

}  // namespace mamon::storage
