// GET /: what Mamon is, and the way in (log in, or to one's own page).
#include "http/web/page.h"
#include "http/web/pages.h"

namespace mamon::http::web {
namespace {

Result<Response> show_landing(Page& page) {
  nlohmann::json view = nlohmann::json::object();
  if (page.logged_in()) {
    view["greeting"] =
        page.format("landing.logged_in_as", {{"name", page.profile().user.display_name()}});
  }
  return render_page(page, "landing", "landing.title", std::move(view));
}

}  // namespace

void register_landing_routes(Router& router, const WebSite& site) {
  add_page(router, site, Method::kGet, "/", show_landing, {.access = Access::kPublic});
}

}  // namespace mamon::http::web
