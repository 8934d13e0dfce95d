// What the ledenbase login writes beyond the users and holders repositories (service/
// ledenbase_login.h): the names and username a member has in the ledenbase, the holder's
// ledenbase id and photo, and the group LEDENBASE_ADMINS names. All calls run inside the
// caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "base/result.h"
#include "storage/database.h"

namespace mamon::storage {

// Sets the user's username and names. Error kConflict if the username belongs to another user,
// kNotFound if the user does not exist.
Status update_user_from_ledenbase(Transaction& tx, std::int64_t user_id, std::string_view username,
                                  std::string_view first_name, std::string_view last_name);

// Sets the holder's ledenbase id and image_ledenbase. Error kConflict if another holder has the
// ledenbase id, kNotFound if the holder does not exist.
Status update_holder_from_ledenbase(Transaction& tx, std::int64_t holder_id,
                                    std::int64_t ledenbase_id, std::string_view image_ledenbase);

// The id of the group with exactly this name, if there is one.
Result<std::optional<std::int64_t>> group_id_named(Transaction& tx, std::string_view name);

}  // namespace mamon::storage
