// `mamon serve`: configuration checks, the database, the route table and the server.
#include "http/serve.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <thread>

#include "base/clock.h"
#include "http/metrics.h"
#include "http/middleware/authentication.h"
#include "http/middleware/cors.h"
#include "http/pipeline.h"
#include "http/router.h"
#include "http/routes.h"
#include "http/server.h"
#include "http/server_logging.h"
#include "http/user_lookup.h"
#include "http/web/site.h"
#include "http/web/web_routes.h"
#include "service/flow_meters_service.h"
#include "service/ledenbase_login.h"
#include "service/tokens.h"
#include "storage/database.h"

namespace mamon::http {
namespace {

int fail(std::string_view reason, int exit_code) {
  std::cerr << "mamon serve: " << reason << "\n";
  return exit_code;
}

// DEBUG without keys: random per-process keys, so local development needs no setup (tokens do
// not survive a restart). Production refuses to start instead (require_production_secrets).
void ensure_debug_keys(Config& config) {
  if (config.secret_key.empty()) {
    config.secret_key = service::new_token_id() + service::new_token_id();
    spdlog::warn("DEBUG: SECRET_KEY is not set; using a random key for this process");
  }
  if (config.jwt_key.empty()) {
    config.jwt_key = service::new_token_id() + service::new_token_id();
    spdlog::warn("DEBUG: JWT_KEY is not set; client-application tokens will not verify");
  }
}

int worker_count(const Config& config) {
  if (config.workers > 0) return config.workers;
  return static_cast<int>(std::max(2u, std::thread::hardware_concurrency()));
}

// PUBLIC_URL when it is not set: http:// + the address the server listens on, with the actual
// port (port 0 asks for an ephemeral one). A wildcard address (0.0.0.0, ::) is not an address
// anybody can reach, so it becomes 127.0.0.1, with a warning that PUBLIC_URL should be set.
std::string default_public_url(const std::string& host, std::uint16_t port) {
  std::string reachable = host;
  if (host == "0.0.0.0" || host == "::") {
    reachable = "127.0.0.1";
    spdlog::warn(
        "PUBLIC_URL is not set and the server listens on every address ({}): absolute URLs "
        "(images, Mollie) use http://127.0.0.1:{}, which only this machine reaches; set "
        "PUBLIC_URL to the address clients use",
        host, port);
  }
  bool ipv6 = reachable.find(':') != std::string::npos;
  return "http://" + (ipv6 ? "[" + reachable + "]" : reachable) + ":" + std::to_string(port);
}

void register_gauges(Metrics& metrics, storage::Database& database, const Server& server) {
  metrics.register_value("mamon_db_connections_open", "Database connections open.",
                         Metrics::Type::kGauge,
                         [&database] { return double(database.pool_stats().open); });
  metrics.register_value("mamon_db_connections_in_use", "Database connections in use.",
                         Metrics::Type::kGauge,
                         [&database] { return double(database.pool_stats().in_use); });
  metrics.register_value("mamon_db_connections_max", "Database connection pool size.",
                         Metrics::Type::kGauge,
                         [&database] { return double(database.pool_stats().size_max); });
  metrics.register_value("mamon_http_connections_open", "HTTP connections open.",
                         Metrics::Type::kGauge,
                         [&server] { return double(server.connections_open()); });
  metrics.register_value("mamon_http_requests_in_flight", "HTTP requests being handled.",
                         Metrics::Type::kGauge,
                         [&server] { return double(server.requests_in_flight()); });
}

int serve_or_throw(Config config, const std::string& bind, const service::MollieGateway* mollie,
                   const service::LedenbaseGateway* ledenbase_gateway) {
  use_buffered_stdout_logging();
  if (!set_time_zone(config.time_zone)) return fail("unknown TIME_ZONE " + config.time_zone, 2);
  service::set_flow_shrinkage_warn_percent(config.flow_shrinkage_warn_percent);
  if (Status s = require_production_secrets(config); !s) return fail(s.error().message, 2);
  if (config.debug) ensure_debug_keys(config);
  auto address = parse_bind_address(bind.empty() ? config.bind : bind);
  if (!address) return fail(address.error().message, 2);

  const int workers = worker_count(config);
  storage::DatabaseOptions database_options;
  // Each worker holds one connection while it handles a request; two spare for /healthz and
  // background work.
  database_options.pool_size = std::min(workers + 2, limits::kDbPoolSizeMax);
  auto database = storage::open_database(config.database_url, database_options);
  if (!database) return fail("cannot open the database: " + database.error().message, 1);

  SystemClock clock;
  std::unique_ptr<service::LedenbaseLogin> ledenbase;
  if (ledenbase_gateway != nullptr) {
    if (Status s = service::check_ledenbase_admins_group(**database, config.ledenbase_admins_group);
        !s) {
      return fail(s.error().message, 2);
    }
    ledenbase = std::make_unique<service::LedenbaseLogin>(**database, clock, *ledenbase_gateway,
                                                          config.ledenbase_admins_group);
  } else {
    spdlog::info("LEDENBASE_URL is not set: only local accounts log in");
  }
  Metrics metrics;
  std::unique_ptr<UserLookup> database_lookup = make_database_user_lookup(**database, clock);
  CachingUserLookup user_lookup(*database_lookup, clock);
  TokenAuthenticator authenticator(config.secret_key, config.jwt_key, clock, user_lookup);
  Router router(&authenticator);
  AppContext context{config, **database, clock, metrics, authenticator, mollie, ledenbase.get()};
  if (mollie == nullptr) spdlog::info("MOLLIE_API_KEY is not set: online top-ups are off");
  register_system_routes(router, context);
  register_api_routes(router, context);
  web::WebSite website(config, **database, clock, mollie,
                       ledenbase.get());   // outlives the server (declared before it)
  website.principal_cache = &user_lookup;  // pages forget the users they change
  web::register_web_routes(router, website);
  Cors cors(config.cors_allowed_origins);
  Pipeline pipeline(router, cors, metrics);

  ServerOptions options;
  options.host = address->host;
  options.port = address->port;
  options.worker_threads = workers;
  options.trusted_proxies = config.trusted_proxies;
  Server server(options, pipeline);
  register_gauges(metrics, **database, server);
  if (Status s = server.listen(); !s) return fail(s.error().message, 1);
  // No request runs before start(), so the handlers (which hold a reference) see the final value.
  if (!config.public_url_set) config.public_url = default_public_url(address->host, server.port());
  if (Status s = server.start(); !s) return fail(s.error().message, 1);
  bool ipv6 = address->host.find(':') != std::string::npos;
  spdlog::info("listening on http://{}{}{}:{} ({} workers; PUBLIC_URL {})", ipv6 ? "[" : "",
               address->host, ipv6 ? "]" : "", server.port(), workers, config.public_url);
  server.run_until_signal();
  spdlog::info("stopped");
  flush_server_logs();
  return 0;
}

}  // namespace

int serve(const Config& config, const std::string& bind, const service::MollieGateway* mollie,
          const service::LedenbaseGateway* ledenbase) {
  try {
    return serve_or_throw(config, bind, mollie, ledenbase);
  } catch (const std::exception& e) {
    return fail(e.what(), 1);
  }
}

}  // namespace mamon::http
