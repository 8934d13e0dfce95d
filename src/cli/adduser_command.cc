// `mamon adduser USERNAME [--password-env VAR] [...]`: a user with holder (and personnel).
#include <string>

#include "cli/command_support.h"
#include "cli/commands.h"
#include "cli/user_creation.h"

namespace mamon::cli {

int run_adduser(const AdduserOptions& options) {
  service::CreateUserRequest request;
  request.username = options.username;
  if (options.password_env) {
    std::optional<std::string> password = env_value(*options.password_env);
    if (!password) {
      return fail("adduser: environment variable " + *options.password_env +
                  " (--password-env) is not set or empty; refusing an empty password");
    }
    request.password = std::move(*password);
  }  // else no local password: the user logs in through the ledenbase
  request.first_name = options.first_name;
  request.last_name = options.last_name;
  request.email = options.email;
  request.groups = options.groups;
  request.personnel_nickname = options.personnel_nickname;
  request.is_superuser = options.superuser;
  request.is_staff = options.superuser;
  request.ledenbase_id = options.ledenbase_id;
  return create_user_from_cli(request, "adduser");
}

}  // namespace mamon::cli
