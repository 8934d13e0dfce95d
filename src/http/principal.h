// Who is making an authenticated request. Produced by an Authenticator (middleware/
// authentication.h) and attached to the Request by the router before the handler runs.
// Permission decisions belong to the service layer; this is only the identity, its roles and the
// permissions granted to them (cached with the principal, user_lookup.h).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/permissions.h"

namespace mamon::http {

struct Principal {
  std::int64_t user_id = 0;
  std::string username{};
  bool is_superuser = false;
  std::vector<std::string> groups{};    // role names: "Bestuur", "Tapper", ...
  domain::PermissionSet permissions{};  // granted to the user's roles (not the superuser's all)
  std::int64_t personnel_id = 0;        // the user's active personnel record, 0 if none
  std::int64_t holder_id = 0;           // the user's own holder (wallet), 0 if unknown
  // The registered client application acting as this user ("" for a user's own token).
  std::string client_application_id{};
  // That application's stored path patterns (domain/client_paths.h): the only paths it may use.
  std::vector<std::string> client_paths{};

  bool in_group(std::string_view group) const {
    return std::find(groups.begin(), groups.end(), group) != groups.end();
  }
  bool is_personnel() const { return personnel_id != 0; }
};

}  // namespace mamon::http
