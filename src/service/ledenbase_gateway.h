// The port to the association's ledenbase (membership database, DESIGN.md §8), as the login
// needs it. The real client is integrations/ledenbase_client.h (libcurl); service tests use fakes.
// Implementations must be thread-safe: the server calls them from several workers at once, and
// must never log or return the password or the ledenbase token.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace mamon::service {

// A member as the ledenbase describes them (GET /personen/{token}/). Absent or null text fields
// are empty strings.
struct LedenbaseMember {
  std::int64_t id = 0;  // > 0
  std::string voornaam;
  std::string tussenvoegsel;
  std::string achternaam;
  std::string foto;  // an absolute URL, or empty
  bool is_administrator = false;
};

class LedenbaseGateway {
 public:
  virtual ~LedenbaseGateway() = default;

  // Logs in with the member's own credentials and reads the member. None: the ledenbase refused
  // the credentials (any 4xx answer to the login). Error kUnavailable when it did not answer in
  // time, answered 5xx, or answered something that cannot be read (the message says which, never
  // the credentials or the token).
  virtual Result<std::optional<LedenbaseMember>> log_in(std::string_view username,
                                                        std::string_view password) const = 0;
};

}  // namespace mamon::service
