#include "http/web/site.h"

namespace mamon::http::web {

WebSite::WebSite(const Config& config_in, storage::Database& database_in, const Clock& clock_in,
                 const service::MollieGateway* mollie_in,
                 const service::LedenbaseAuthenticator* ledenbase_in)
    : config(config_in),
      database(database_in),
      clock(clock_in),
      auth(database_in, clock_in, config_in, ledenbase_in),
      sessions(database_in, clock_in, auth),
      catalogue(Catalogue::embedded()),
      mollie(mollie_in) {}

}  // namespace mamon::http::web
