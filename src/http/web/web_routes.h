// The website's route table (WEB.md §2b): every web page is registered from web_routes.cc, in
// the web route group (router.h RouteGroup::kWeb), apart from the API's table (routes.h), so
// the OpenAPI coverage test never sees them. Also sets the router's HTML 404/405 pages for web
// paths.
#pragma once

#include "http/router.h"
#include "http/web/site.h"

namespace mamon::http::web {

// `site` must outlive the router.
void register_web_routes(Router& router, const WebSite& site);

}  // namespace mamon::http::web
