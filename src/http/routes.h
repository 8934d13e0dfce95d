// The route table of the server (Django's urls.py): every endpoint is registered here, in
// routes.cc, so one file lists the whole API. Handlers live in http/api/*_api.cc.
#pragma once

#include "base/clock.h"
#include "base/config.h"
#include "http/metrics.h"
#include "http/middleware/authentication.h"
#include "http/router.h"
#include "service/auth_service.h"
#include "service/mollie_gateway.h"
#include "storage/database.h"

namespace mamon::http {

// What handlers may use. Everything is owned by serve() and outlives the router; all members are
// thread-safe.
struct AppContext {
  const Config& config;
  storage::Database& database;
  const Clock& clock;
  Metrics& metrics;
  const Authenticator& authenticator;
  // Mollie's payments API; null when MOLLIE_API_KEY is not set (online top-ups answer 503).
  const service::MollieGateway* mollie = nullptr;
  // The ledenbase login (service/ledenbase_login.h); null when LEDENBASE_URL is not set.
  const service::LedenbaseAuthenticator* ledenbase = nullptr;
};

// The JSON API under /api/ (API.md).
void register_api_routes(Router& router, AppContext& context);

// GET /healthz and GET /metrics (public); also registers the media routes.
void register_system_routes(Router& router, AppContext& context);

// GET /media/{file} and /mediafiles/{file}: pictures from MEDIA_ROOT, or the default picture of
// the path's kind (public).
void register_media_routes(Router& router, AppContext& context);

}  // namespace mamon::http
