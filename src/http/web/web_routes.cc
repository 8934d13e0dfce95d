// The web route table. Keep it one readable list, in the order of WEB.md §2b. Each page file
// registers its own paths with add_page() (page.h); trailing slashes are optional, as in the API.
#include "http/web/web_routes.h"

#include "http/web/page.h"
#include "http/web/pages.h"

namespace mamon::http::web {

void register_web_routes(Router& router, const WebSite& site) {
  router.set_web_error_pages(web_error_pages(site));  // HTML 404/405 outside /api/
  register_static_routes(router, site);               // /static/<hash>/<name>
  register_landing_routes(router, site);              // /
  register_login_routes(router, site);                // /login/, /logout/
  register_language_routes(router, site);             // /language/
  register_home_routes(router, site);                 // /home/
  register_products_routes(router, site);             // /products/
  register_topup_routes(router, site);                // /topup/, /topup/return/{identifier}/
  register_cards_routes(router, site);                // /cards/, /cards/{id}/block/
  register_profile_routes(router, site);              // /profile/
  register_board_purchases_routes(router, site);      // /board/purchases/, /board/purchases/{id}/
  register_board_holders_routes(router, site);        // /board/holders/, /board/holders/{id}/
  register_overview_routes(router, site);             // /board/
  register_daily_routes(router, site);                // /board/daily/
  register_cycles_routes(router, site);               // /board/cycles/, /board/cycles/{id}/
  register_product_sales_routes(router, site);        // /board/products/{id}/
  register_manage_users_routes(router, site);         // /manage/users/…
  register_pos_routes(router, site);                  // /pos/
  register_manage_groups_routes(router, site);        // /manage/groups/…
  register_manage_personnel_routes(router, site);     // /manage/personnel/…
  register_manage_products_routes(router, site);      // /manage/products/…
  register_manage_categories_routes(router, site);    // /manage/categories/…
  register_meals_routes(router, site);                // /meals/…
  register_manage_meals_routes(router, site);         // /manage/meals/…
  register_manage_stock_routes(router, site);         // /manage/stock/…
  register_audit_routes(router, site);                // /manage/audit/
  register_manage_clients_routes(router, site);       // /manage/clients/…
  // POST /board/holders/{id}/<action>/ and /board/purchases/{id}/void/ (issue 9 items 3, 7).
  register_board_holder_actions_routes(router, site);
  register_board_void_routes(router, site);
}

}  // namespace mamon::http::web
