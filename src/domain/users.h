// People (DESIGN.md §1): a User logs in; every user has exactly one Holder (the wallet owner);
// some users are Personnel (bar staff). Plain data; the rules about who may do what are in
// domain/permissions.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/money.h"

namespace mamon::domain {

// The default groups (migration 0006 creates them if missing; WEB.md §3 their grants). What a
// group lets its members do is its permissions (domain/permissions.h), never its name; only
// "Bezoekers" membership is read as data (visitors' tabs, apart in the overview).
inline constexpr std::string_view kGroupBoard = "Bestuur";
inline constexpr std::string_view kGroupTapper = "Tapper";
inline constexpr std::string_view kGroupAuditCommittee = "Kascommissie";
inline constexpr std::string_view kGroupVisitors = "Bezoekers";

struct User {
  std::int64_t id = 0;
  std::string username;
  std::string password_hash;  // '' = no usable local password
  std::string first_name;
  std::string last_name;
  std::string email;
  bool is_active = true;
  bool is_superuser = false;
  bool is_staff = false;
  bool is_system = false;  // the "Cash" and "Pin" pseudo-users
  TimestampUs date_joined_at_us = 0;
  std::optional<TimestampUs> last_login_at_us;

  // "First Last", or the username when both names are empty.
  std::string display_name() const {
    std::string name = first_name;
    if (!first_name.empty() && !last_name.empty()) name += ' ';
    name += last_name;
    return name.empty() ? username : name;
  }
};

struct Personnel {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string nickname;
  std::string image;
  bool active = true;
};

struct Holder {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::int64_t account_id = 0;  // the wallet account (domain::wallet_account_name(user_id))
  std::optional<std::int64_t> ledenbase_id;
  std::string image;
  std::string image_ledenbase;
};

// A holder as lists and the API show it: with its user, its balance ("stand") and the user's
// active personnel record, if any.
struct HolderView {
  Holder holder;
  User user;
  Cents balance;
  std::optional<Personnel> personnel;  // active only
};

}  // namespace mamon::domain
