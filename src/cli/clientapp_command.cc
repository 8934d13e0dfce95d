// `mamon clientapp create|list|revoke` (DESIGN.md §3b): client applications from the command
// line, through service/client_applications_service.h as the machine's operator (cli_operator()).
#include <ctime>
#include <iostream>

#include "cli/command_support.h"
#include "cli/commands.h"
#include "service/client_applications_service.h"

namespace mamon::cli {
namespace {

// "2026-12-02 14:05:00 UTC", or "never".
std::string utc_time(const std::optional<TimestampUs>& at_us) {
  if (!at_us) return "never";
  std::time_t seconds = static_cast<std::time_t>(*at_us / 1'000'000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return text;
}

std::string joined(const std::vector<std::string>& paths) {
  std::string out;
  for (const std::string& p : paths) out += (out.empty() ? "" : " ") + p;
  return out;
}

}  // namespace

int run_clientapp_create(const ClientappCreateOptions& options) {
  auto config = load_config();
  if (!config) return fail(config.error());
  auto db = open_database(*config, /*require_migrated=*/true);
  if (!db) return fail(db.error());
  SystemClock clock;
  service::ClientApplicationInput input{options.name, options.username, options.paths};
  auto created = service::create_client_application(**db, clock, config->jwt_key,
                                                    service::cli_operator(), input);
  if (!created) {
    const std::string field = created.error().field.empty() ? "" : created.error().field + ": ";
    return fail("clientapp create: " + field + created.error().message);
  }
  std::cout << "created client application " << created->id << " \"" << options.name
            << "\" identifier " << created->identifier << " acting as " << options.username << "\n"
            << "the token below is shown only now; store it in the client's configuration\n"
            << created->token << std::endl;
  return kExitOk;
}

int run_clientapp_list() {
  auto config = load_config();
  if (!config) return fail(config.error());
  auto db = open_database(*config, /*require_migrated=*/true);
  if (!db) return fail(db.error());
  auto apps = service::list_client_applications(**db, service::cli_operator());
  if (!apps) return fail("clientapp list: " + apps.error().message);
  std::cout << "name\tidentifier\tuser\tpaths\tlast used\tstatus\n";
  for (const storage::ClientApplicationRow& app : *apps) {
    std::cout << app.name << "\t" << app.identifier << "\t" << app.username << "\t"
              << joined(app.paths) << "\t" << utc_time(app.last_used_at_us) << "\t"
              << (app.revoked_at_us ? "revoked " + utc_time(app.revoked_at_us) : "active") << "\n";
  }
  std::cout.flush();
  return kExitOk;
}

int run_clientapp_revoke(const ClientappRevokeOptions& options) {
  auto config = load_config();
  if (!config) return fail(config.error());
  auto db = open_database(*config, /*require_migrated=*/true);
  if (!db) return fail(db.error());
  SystemClock clock;
  const domain::Caller caller = service::cli_operator();
  auto app = service::get_client_application_by_identifier(**db, caller, options.identifier);
  if (!app) return fail("clientapp revoke: " + app.error().message);
  if (app->revoked_at_us) {
    std::cout << "client application " << app->identifier << " was already revoked" << std::endl;
    return kExitOk;
  }
  Status revoked = service::revoke_client_application(**db, clock, caller, app->id);
  if (!revoked) return fail("clientapp revoke: " + revoked.error().message);
  std::cout << "revoked client application " << app->identifier << " \"" << app->name << "\""
            << std::endl;
  return kExitOk;
}

}  // namespace mamon::cli
