// The optional "personel": {"username", "password"} member that the bar app embeds in wallet
// upgrades and bar reports to name the staff member who handled the money (API.md).
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>

#include "base/result.h"
#include "service/staff_credentials.h"

namespace mamon::http::api {

// Absent, null, or an object whose username and password are both absent/empty: nullopt (the
// caller handled it). An object with string members: the credentials. Anything else:
// kInvalidInput (field "personel").
Result<std::optional<service::StaffCredentials>> staff_credentials_of(const nlohmann::json& body);

}  // namespace mamon::http::api
