// The UserLookup behind the server's TokenAuthenticator (middleware/authentication.h): loads the
// user named by an access token, or the registered client application named by a client token,
// from the database.
#pragma once

#include <memory>

#include "http/middleware/authentication.h"
#include "storage/database.h"

namespace mamon::http {

// `database` must outlive the result. Thread-safe.
std::unique_ptr<UserLookup> make_user_lookup(storage::Database& database);

}  // namespace mamon::http
