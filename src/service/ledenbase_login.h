// Logging in through the association's ledenbase (DESIGN.md §8, docs/ledenbase.md): the
// LedenbaseAuthenticator that AuthService asks for a user unknown locally, or known with a
// ledenbase id and no local password. On success the user and holder are created or brought up
// to date from the ledenbase, in one transaction with their audit-log entry.
// Thread-safe: share one between all workers; references must outlive it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"
#include "service/auth_service.h"
#include "service/ledenbase_gateway.h"
#include "storage/database.h"

namespace mamon::service {

// The user's last name from the ledenbase's parts: tussenvoegsel and achternaam joined by one
// space, either of them may be empty ("van der" + "Berg" → "van der Berg"; "" + "Berg" → "Berg").
// Spaces around each part are dropped.
std::string ledenbase_last_name(std::string_view tussenvoegsel, std::string_view achternaam);

// LEDENBASE_ADMINS at start-up (`mamon serve`): none, or the name of a group that exists.
// Error kInvalidInput naming the group when it does not exist (the server must not start: an
// administrator would silently get nothing, or a typo a group nobody checks).
Status check_ledenbase_admins_group(storage::Database& db, std::string_view group_name);

class LedenbaseLogin final : public LedenbaseAuthenticator {
 public:
  // `admins_group`: the group (it must exist, see check_ledenbase_admins_group) ledenbase
  // administrators are added to at login; "" = none (administrators get nothing in Mamon).
  LedenbaseLogin(storage::Database& db, const Clock& clock, const LedenbaseGateway& gateway,
                 std::string admins_group = "");

  // Asks the ledenbase (LedenbaseGateway::log_in; its kUnavailable unchanged). When it accepts
  // the credentials, in one transaction:
  //  - the user is found by the member's ledenbase id first, then by the typed username;
  //  - found by username, a holder linked to another ledenbase id is kConflict (never a silent
  //    relink); found by id under a new username (renamed in the ledenbase), the username
  //    follows, unless another user has it (kConflict);
  //  - an inactive or system user logs in nowhere: none, nothing written;
  //  - unknown: a new user without local password, with wallet and holder;
  //  - names (first; last = ledenbase_last_name), ledenbase id and image_ledenbase (the photo
  //    URL) are set; with an admins group, an administrator is added to it (never removed: the
  //    board may have put them there);
  //  - an audit entry "ledenbase_user_created" / "ledenbase_user_updated" (before → after),
  //    only when something changed.
  // Returns the user id, or none when the ledenbase refused the credentials.
  Result<std::optional<std::int64_t>> authenticate(std::string_view username,
                                                   std::string_view password) const override;

 private:
  storage::Database& db_;
  const Clock& clock_;
  const LedenbaseGateway& gateway_;
  std::string admins_group_;
};

}  // namespace mamon::service
