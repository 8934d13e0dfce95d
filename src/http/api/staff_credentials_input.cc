#include "http/api/staff_credentials_input.h"

#include <nlohmann/json.hpp>

#include "http/api/request_input.h"

namespace mamon::http::api {

Result<std::optional<service::StaffCredentials>> staff_credentials_of(const nlohmann::json& body) {
  using Optional = std::optional<service::StaffCredentials>;
  auto it = body.find("personel");
  if (it == body.end() || it->is_null()) return Optional();
  if (!it->is_object()) {
    return make_error(ErrorCode::kInvalidInput, "Must be an object with username and password.",
                      "personel");
  }
  service::StaffCredentials credentials;
  MAMON_TRY(credentials.username, string_field(*it, "username", "personel.username"));
  MAMON_TRY(credentials.password, string_field(*it, "password", "personel.password"));
  if (credentials.username.empty() && credentials.password.empty()) return Optional();
  return Optional(std::move(credentials));
}

}  // namespace mamon::http::api
