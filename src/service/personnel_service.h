// Personnel records for /manage/personnel/ (issue 9 item 2; WEB.md §2 "Personnel"): making a
// user bar staff, editing the nickname, image and active flag. Every call needs
// manage_personnel (kPermissionDenied naming it, before anything is read) and is one transaction
// that writes its audit entry (object "personnel", detail {"username","before","after"}); a save
// that changes nothing writes none.
//
// A deactivated staff member loses the built-in role Personnel (domain/permissions.h): the API
// refuses their sales at once on the instance that calls UserLookup::forget_user(user_id) after a
// successful change, and within limits::kPrincipalCacheMs elsewhere.
// Thread-safe: each call takes its own pooled connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "domain/permissions.h"
#include "storage/database.h"
#include "storage/users_admin_repo.h"

namespace mamon::service {

Status may_manage_personnel(const domain::Caller& caller);

// Every record, active or not.
Result<std::vector<storage::PersonnelRow>> list_personnel(storage::Database& db,
                                                          const domain::Caller& caller);
// Error kNotFound.
Result<storage::PersonnelRow> get_personnel(storage::Database& db, const domain::Caller& caller,
                                            std::int64_t personnel_id);

// The form: nickname 1..kNameLengthMax bytes after trimming (kInvalidInput "nickname").
struct PersonnelForm {
  std::string nickname;
  bool active = true;
  // A stored picture (service::store_image, MediaKind::kPersonnel) to show from now on; nullopt
  // keeps the current one.
  std::optional<std::string> image;
};

// Makes user `user_id` bar staff (an active record). kInvalidInput "user" for an unknown, system
// or inactive user; kConflict "user" when the user has a record already (edit that one).
// Returns the record's id.
Result<std::int64_t> create_personnel(storage::Database& db, const Clock& clock,
                                      const domain::Caller& caller, std::int64_t user_id,
                                      const PersonnelForm& form);
// The same for the user named `username` (the form's field "user"; an unknown name is kInvalidInput
// "user"). Returns the record's and the user's id.
struct CreatedPersonnel {
  std::int64_t personnel_id = 0;
  std::int64_t user_id = 0;
};
Result<CreatedPersonnel> create_personnel_for_username(storage::Database& db, const Clock& clock,
                                                       const domain::Caller& caller,
                                                       std::string_view username,
                                                       const PersonnelForm& form);

// kNotFound.
Status update_personnel(storage::Database& db, const Clock& clock, const domain::Caller& caller,
                        std::int64_t personnel_id, const PersonnelForm& form);

}  // namespace mamon::service
