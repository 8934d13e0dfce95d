// The API route table. Keep it one readable list, grouped like API.md, e.g.
//
//   router.add(Method::kPost, "/api/login", api::login(context), {.auth = Auth::kNone});
//   router.add(Method::kGet, "/api/products", api::list_products(context));
//   router.add(Method::kGet, "/api/products/{id}", api::get_product(context));
//   router.add(Method::kGet, "/api/cards/{card_id:str}", api::get_card(context));
//
// Trailing slashes are optional on every path, so register each path once, without one.
#include "http/routes.h"

#include "http/api/auth_api.h"
#include "http/api/cash_moves_api.h"
#include "http/api/counts_api.h"
#include "http/api/environment_api.h"
#include "http/api/holders_api.h"
#include "http/api/meals_api.h"
#include "http/api/online_top_ups_api.h"
#include "http/api/openapi_api.h"
#include "http/api/products_api.h"
#include "http/api/purchases_api.h"
#include "http/api/reports_api.h"
#include "http/api/stock_api.h"
#include "http/api/wallet_upgrades_api.h"

namespace mamon::http {

void register_api_routes(Router& router, AppContext& context) {
  api::register_openapi_routes(router, context);           // "Misc": GET /api/
  api::register_auth_routes(router, context);              // "Authentication"
  api::register_products_routes(router, context);          // "Catalogue"
  api::register_holders_routes(router, context);           // "Holders and cards"
  api::register_environment_routes(router, context);       // "Misc": environment
  api::register_purchases_routes(router, context);         // API.md "Purchases"
  api::register_wallet_upgrades_routes(router, context);   // "Wallet top-ups and refunds"
  api::register_online_top_ups_routes(router, context);    // "Online top-up" (+ Mollie webhook)
  api::register_reports_routes(router, context);           // "Bar reports and cycles"
  api::register_counts_routes(router, context);            // blind counts at the POS, issue 12
  api::register_cash_moves_routes(router, context);        // cash in and out of the drawer
  api::register_meals_routes(router, context);             // meals ("Happen"), issue 10
  api::register_stock_routes(router, context);             // issue 10: stock and mutations
}

}  // namespace mamon::http
