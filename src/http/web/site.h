// What every web page handler may use: configuration, database, clock, the services behind the
// login and the session, the templates and the catalogue. Built once by register_web_routes()
// (web_routes.h) and shared by every worker; all members are thread-safe. References must
// outlive it (serve() owns them).
#pragma once

#include "base/clock.h"
#include "base/config.h"
#include "http/middleware/authentication.h"
#include "http/web/catalogue.h"
#include "http/web/templates.h"
#include "service/auth_service.h"
#include "service/mollie_gateway.h"
#include "service/web_sessions_service.h"
#include "storage/database.h"

namespace mamon::http::web {

class WebSite {
 public:
  // `mollie` may be null (MOLLIE_API_KEY unset): /topup/ then says online top-ups are off.
  // `ledenbase` may be null (LEDENBASE_URL unset): only local accounts log in.
  WebSite(const Config& config, storage::Database& database, const Clock& clock,
          const service::MollieGateway* mollie = nullptr,
          const service::LedenbaseAuthenticator* ledenbase = nullptr);
  WebSite(const WebSite&) = delete;
  WebSite& operator=(const WebSite&) = delete;

  const Config& config;
  storage::Database& database;
  const Clock& clock;
  // The API's credential check and rate limit (service/auth_service.h), with the same
  // ledenbase login as the API.
  // mutable: the services are thread-safe and keep no per-call state; pages hold a const site.
  mutable service::AuthService auth;
  mutable service::WebSessionsService sessions;
  const Templates templates;
  const Catalogue& catalogue;
  const service::MollieGateway* const mollie;  // the API's client (thread-safe), or null

  // The API's principal cache (http/user_lookup.h), set by serve() before serving, or null: a
  // page that changes a user's rights (deactivation, personnel) calls forget_user() so this
  // instance's API sees the change at once.
  const UserLookup* principal_cache = nullptr;
  void forget_user(std::int64_t user_id) const {
    if (principal_cache != nullptr) principal_cache->forget_user(user_id);
  }
  // A role's grants changed: every member's cached principal is stale.
  void forget_all_users() const {
    if (principal_cache != nullptr) principal_cache->forget_all_users();
  }

  // Cookies get Secure when PUBLIC_URL is https.
  bool secure_cookies() const { return config.public_url.starts_with("https://"); }
};

}  // namespace mamon::http::web
