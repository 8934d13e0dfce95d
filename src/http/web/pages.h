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
// GET /board/purchases/, /board/purchases/{id}/ (purchases_page.cc).
void register_board_purchases_routes(Router& router, const WebSite& site);
// GET /board/holders/, /board/holders/{id}/ (holders_page.cc).
void register_board_holders_routes(Router& router, const WebSite& site);
// POST /board/holders/{id}/<action>/: top-up, refund, correction, credit-floor, link-card,
// unlink-card, block-card, unblock-card, card-lost (holder_actions_page.cc).
void register_board_holder_actions_routes(Router& router, const WebSite& site);
// POST /board/purchases/{id}/void/ (void_page.cc).
void register_board_void_routes(Router& router, const WebSite& site);

// Member pages (WEB.md §2): GET /home/; GET /products/; GET+POST /topup/ and
// GET /topup/return/{identifier}/; GET /cards/ and POST /cards/{id}/block/.
void register_home_routes(Router& router, const WebSite& site);
void register_products_routes(Router& router, const WebSite& site);
void register_topup_routes(Router& router, const WebSite& site);
void register_cards_routes(Router& router, const WebSite& site);

// The board's reports (issue 8 item 4; report_kit.h): GET /board/ (overview),
// /board/daily/, /board/cycles/, /board/cycles/{id}/, /board/products/{id}/.
void register_overview_routes(Router& router, const WebSite& site);
void register_daily_routes(Router& router, const WebSite& site);
void register_cycles_routes(Router& router, const WebSite& site);
void register_product_sales_routes(Router& router, const WebSite& site);

// Management (issue 9, item 4): GET /manage/products/, GET+POST /manage/products/new/ and
// /manage/products/{id}/ (manage_products_page.cc); GET /manage/categories/, GET+POST
// /manage/categories/new/ and /manage/categories/{id}/, POST /manage/categories/{id}/move/ and
// /manage/categories/{id}/move_product/ (manage_categories_page.cc).
void register_manage_products_routes(Router& router, const WebSite& site);
void register_manage_categories_routes(Router& router, const WebSite& site);
// Client applications (issue 9 item 6): GET /manage/clients/, GET+POST /manage/clients/new/ and
// /manage/clients/{id}/, POST /manage/clients/{id}/revoke/ (manage_clients_page.cc).
void register_manage_clients_routes(Router& router, const WebSite& site);
// Bar staff (issue 9 item 2): GET /manage/personnel/, GET+POST /manage/personnel/new/ and
// /manage/personnel/{id}/ (manage_personnel_page.cc).
void register_manage_personnel_routes(Router& router, const WebSite& site);
// Users and groups (issue 9 item 1): GET /manage/users/ (?search=, ?format=csv|xlsx), GET+POST
// /manage/users/new/ and /manage/users/{id}/, POST /manage/users/{id}/password/
// (manage_users_page.cc); GET /manage/groups/, GET+POST /manage/groups/new/ and
// /manage/groups/{id}/, POST /manage/groups/{id}/permissions/ (manage_groups_page.cc).
void register_manage_users_routes(Router& router, const WebSite& site);
// The web POS (issue 12 item 1): GET /pos/, POST /pos/token/ (pos_page.cc).
void register_pos_routes(Router& router, const WebSite& site);
void register_manage_groups_routes(Router& router, const WebSite& site);

// Meals (issue 10 item 3): GET /meals/, POST /meals/{id}/signup/ and /meals/{id}/signout/
// (meals_page.cc); GET /manage/meals/, GET+POST /manage/meals/new/ and /manage/meals/{id}/,
// POST /manage/meals/{id}/charge/ and /manage/meals/{id}/delete/ (manage_meals_page.cc).
void register_meals_routes(Router& router, const WebSite& site);
void register_manage_meals_routes(Router& router, const WebSite& site);
// Stock (issue 10 item 2): GET /manage/stock/, GET+POST /manage/stock/new/ and
// /manage/stock/{id}/, POST /manage/stock/{id}/mutations/ (manage_stock_page.cc).
void register_manage_stock_routes(Router& router, const WebSite& site);
// The audit log (issue 9, item 8): GET /manage/audit/ (audit_page.cc).
void register_audit_routes(Router& router, const WebSite& site);

}  // namespace mamon::http::web
