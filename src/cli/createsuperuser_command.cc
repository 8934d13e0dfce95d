// `mamon createsuperuser --noinput --username U [--email E]`, password from
// MAMON_SUPERUSER_PASSWORD (Django's convention).
#include <string>

#include "cli/command_support.h"
#include "cli/commands.h"
#include "cli/user_creation.h"

namespace mamon::cli {
namespace {

constexpr const char* kSuperuserPasswordEnv = "MAMON_SUPERUSER_PASSWORD";

}  // namespace

int run_createsuperuser(const CreatesuperuserOptions& options) {
  if (!options.noinput) {
    return fail(std::string("createsuperuser: only --noinput is supported; set ") +
                kSuperuserPasswordEnv);
  }
  if (options.username.empty()) return fail("createsuperuser: --username is required");
  std::optional<std::string> password = env_value(kSuperuserPasswordEnv);
  if (!password) {
    return fail(std::string("createsuperuser: ") + kSuperuserPasswordEnv +
                " is not set or empty; refusing to create a superuser without a password");
  }
  service::CreateUserRequest request;
  request.username = options.username;
  request.password = std::move(*password);
  request.email = options.email;
  request.is_superuser = true;
  request.is_staff = true;
  return create_user_from_cli(request, "createsuperuser");
}

}  // namespace mamon::cli
