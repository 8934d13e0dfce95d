// GET /healthz and GET /metrics: for load balancers, uptime checks and Prometheus.
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "http/routes.h"

namespace mamon::http {
namespace {

Result<Response> health(storage::Database& database) {
  auto database_ok = [&]() -> bool {
    auto tx = database.begin(storage::TxMode::kRead);
    if (!tx) {
      spdlog::warn("healthz: cannot begin a transaction: {}", tx.error().message);
      return false;
    }
    auto result = (*tx)->query("SELECT 1");
    if (!result) {
      spdlog::warn("healthz: SELECT 1 failed: {}", result.error().message);
      return false;
    }
    return result->rows.size() == 1;
  };
  if (database_ok()) {
    return Response::json(200, {{"status", "ok"}, {"database", "ok"}});
  }
  return Response::json(503, {{"status", "degraded"}, {"database", "unavailable"}});
}

}  // namespace

void register_system_routes(Router& router, AppContext& context) {
  storage::Database& database = context.database;
  Metrics& metrics = context.metrics;
  router.add(Method::kGet, "/healthz", [&database](const Request&) { return health(database); },
             {.auth = Auth::kNone});
  router.add(
      Method::kGet, "/metrics",
      [&metrics](const Request&) -> Result<Response> {
        return Response::text(200, metrics.render(), kPrometheusContentType);
      },
      {.auth = Auth::kNone});
}

}  // namespace mamon::http
