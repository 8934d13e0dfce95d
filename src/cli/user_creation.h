// Shared by `mamon createsuperuser` and `mamon adduser`: reading a password from the
// environment and creating the user through service::create_user.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "service/users_service.h"

namespace mamon::cli {

// The value of the environment variable `name`; nullopt when unset or empty.
std::optional<std::string> env_value(const std::string& name);

// Creates the user (with holder, groups, personnel) and prints one line about it (", no local
// password" when request.password is not given). Returns the exit code; `what` ("adduser") prefixes
// messages.
int create_user_from_cli(const service::CreateUserRequest& request, std::string_view what);

}  // namespace mamon::cli
