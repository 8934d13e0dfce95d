// The page groups of the website, each registered by its own *_page.cc (Django's views), called
// from register_web_routes() (web_routes.cc), the one list of web routes.
#pragma once

#include "http/router.h"
#include "http/web/site.h"

namespace mamon::http::web {

// GET /static/<hash>/<name> (assets.h): answered from memory on the I/O thread.
void register_static_routes(Router& router, const WebSite& site);
// GET / (landing).
void register_landing_routes(Router& router, const WebSite& site);
// GET+POST /login/, POST /logout/.
void register_login_routes(Router& router, const WebSite& site);
// POST /language/.
void register_language_routes(Router& router, const WebSite& site);
// GET+POST /profile/ (language, own password).
void register_profile_routes(Router& router, const WebSite& site);

// The board's reports (issue 8 item 4; report_kit.h): GET /board/ (overview),
// /board/daily/, /board/cycles/, /board/cycles/{id}/, /board/products/{id}/.
void register_overview_routes(Router& router, const WebSite& site);
void register_daily_routes(Router& router, const WebSite& site);
void register_cycles_routes(Router& router, const WebSite& site);
void register_product_sales_routes(Router& router, const WebSite& site);

}  // namespace mamon::http::web
