// GET /api/environment/{name}/ (API.md "Misc"): {"<name>": value} for configuration variables
// whose name starts with "open_" (Config::open_settings); any other name 403, an unset open_
// name 404. Authentication optional: these settings are public by their name.
#pragma once

#include "http/router.h"
#include "http/routes.h"

namespace mamon::http::api {

void register_environment_routes(Router& router, AppContext& context);

}  // namespace mamon::http::api
