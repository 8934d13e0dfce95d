// GET /healthz and GET /metrics: for load balancers, uptime checks and Prometheus.
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "http/routes.h"
#include "storage/ping.h"

namespace mamon::http {
namespace {

Result<Response> health(storage::Database& database) {
  if (Status alive = storage::ping(database); !alive.ok()) {
    spdlog::warn("healthz: the database does not answer: {}", alive.error().message);
    return Response::json(503, {{"status", "degraded"}, {"database", "unavailable"}});
  }
  return Response::json(200, {{"status", "ok"}, {"database", "ok"}});
}

}  // namespace

void register_system_routes(Router& router, AppContext& context) {
  storage::Database& database = context.database;
  Metrics& metrics = context.metrics;
  router.add(Method::kGet, "/healthz", [&database](const Request&) { return health(database); },
             {.auth = Auth::kNone});
  router.add(Method::kGet, "/metrics",
             [&metrics](const Request&) -> Result<Response> {
               return Response::text(200, metrics.render(), kPrometheusContentType);
             },
             {.auth = Auth::kNone});
  register_media_routes(router, context);
}

}  // namespace mamon::http
