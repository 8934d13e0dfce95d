// GET /static/<hash>/<name>: the embedded assets (assets.h). No session, no cookies: the answer
// is the same for everybody, so it comes from memory on the I/O thread (RouteOptions::fast_path).
#include "http/web/assets.h"
#include "http/web/page.h"
#include "http/web/pages.h"

namespace mamon::http::web {
namespace {

std::optional<Response> serve_asset(const Request& request) {
  std::optional<WebFile> file = find_asset(request.path_text("hash"), request.path_text("name"));
  if (!file) return std::nullopt;
  Response response = Response::text(200, std::string(file->bytes), asset_content_type(file->name));
  response.headers.set("Cache-Control", kStaticCacheControl);
  return response;
}

}  // namespace

void register_static_routes(Router& router, const WebSite& site) {
  ErrorPageRenderer not_found = web_error_pages(site);
  router.add(
      Method::kGet, "/static/{hash:str}/{name:path}",
      [not_found](const Request& request) -> Result<Response> {
        if (std::optional<Response> asset = serve_asset(request)) return std::move(*asset);
        return not_found(request, 404);
      },
      RouteOptions{.auth = Auth::kNone,
                   .body = BodyKind::kAny,
                   .fast_path = serve_asset,
                   .group = RouteGroup::kWeb});
}

}  // namespace mamon::http::web
