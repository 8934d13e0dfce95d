#include "cli/user_creation.h"

#include <cstdlib>
#include <iostream>

#include "base/clock.h"
#include "cli/command_support.h"
#include "cli/commands.h"
#include "service/client_applications_service.h"

namespace mamon::cli {

std::optional<std::string> env_value(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

int create_user_from_cli(const service::CreateUserRequest& request, std::string_view what) {
  auto config = load_config();
  if (!config) return fail(config.error());
  auto db = open_database(*config, /*require_migrated=*/true);
  if (!db) return fail(db.error());
  SystemClock clock;
  // As the machine's operator, so the new user is in the audit log (without a user: the CLI).
  auto created = service::create_user(**db, clock, service::cli_operator(), request);
  if (!created) {
    const Error& e = created.error();
    std::string reason = std::string(what) + ": " + e.message;
    if (!e.field.empty() && e.message.find(e.field) == std::string::npos) {
      reason += " (" + e.field + ")";
    }
    return fail(reason);
  }
  std::cout << what << ": created user " << request.username << " (user " << created->user.id
            << ", holder " << created->holder.id << ")"
            << (request.password ? "" : ", no local password") << std::endl;
  return kExitOk;
}

}  // namespace mamon::cli
