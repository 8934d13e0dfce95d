// The ledenbase's REST API over HTTP(S) (DESIGN.md §8): the production LedenbaseGateway.
// POST {url}/login/ with {"username", "password"} → {"token"}; GET {url}/personen/{token}/ → the
// member; both with the header "Authorization: {LEDENBASE_TOKEN}" (as the old system sent it).
// A 4xx answer to the login other than 401/403 is refused credentials; 401/403 (Mamon's token
// refused), 5xx, no answer within limits.h's ledenbase timeouts, or an unreadable answer are
// kUnavailable. Thread-safe (immutable).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "service/ledenbase_gateway.h"

namespace mamon::integrations {

class LedenbaseClient final : public service::LedenbaseGateway {
 public:
  // `url` is LEDENBASE_URL (a trailing "/" is dropped); `token` is LEDENBASE_TOKEN.
  LedenbaseClient(std::string url, std::string token);

  Result<std::optional<service::LedenbaseMember>> log_in(std::string_view username,
                                                         std::string_view password) const override;

 private:
  std::string url_;
  std::string token_;
};

// The body of POST /login/: {"username": ..., "password": ...}.
std::string ledenbase_login_body(std::string_view username, std::string_view password);

// The token of a successful login answer. kUnavailable when there is none.
Result<std::string> parse_ledenbase_token(std::string_view json_text);

// A member document. `id` must be a positive integer; the text fields may be missing or null
// (then empty); is_administrator missing or null is false. kUnavailable naming what is wrong.
Result<service::LedenbaseMember> parse_ledenbase_member(std::string_view json_text);

}  // namespace mamon::integrations
