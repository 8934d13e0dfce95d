// GET /products/: the active products with their prices and, for a user with a holder, how many
// of each they bought (service::member_catalogue).
#include "http/web/page.h"
#include "http/web/pages.h"
#include "service/member_service.h"

namespace mamon::http::web {
namespace {

Result<Response> show_products(Page& page) {
  MAMON_TRY(std::vector<service::CatalogueEntry> catalogue,
            service::member_catalogue(page.site.database, page.caller()));
  nlohmann::json products = nlohmann::json::array();
  for (const service::CatalogueEntry& entry : catalogue) {
    products.push_back({{"name", entry.product.name},
                        {"price", page.money(entry.product.price)},
                        {"quantity", std::to_string(entry.quantity_bought)},
                        {"bought", entry.quantity_bought > 0}});
  }
  nlohmann::json view = {{"products", products},
                         {"has_products", !products.empty()},
                         {"has_holder", page.caller().holder_id.has_value()}};
  return render_page(page, "products", "products.title", std::move(view));
}

}  // namespace

void register_products_routes(Router& router, const WebSite& site) {
  add_page(router, site, Method::kGet, "/products", show_products);
}

}  // namespace mamon::http::web
