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

// A password nobody will ever know (32 random bytes, hex).
std::string unknowable_password();

// Creates the user (with holder, groups, personnel) and prints one line about it. With
// clear_password_after the stored hash is then set to '' (no usable local password).
// Returns the exit code; `what` ("adduser") prefixes messages.
int create_user_from_cli(const service::CreateUserRequest& request, bool clear_password_after,
                         std::string_view what);

}  // namespace mamon::cli
