#include "http/api/openapi_api.h"

#include <string>

namespace mamon::http::api {

void register_openapi_routes(Router& router, AppContext& /*context*/) {
  // Served as stored (already JSON): no parse per request, and the bytes are what docs/ says.
  router.add(
      Method::kGet, "/api",
      [](const Request&) -> Result<Response> {
        return Response::text(200, std::string(openapi_document_json()), "application/json");
      },
      {.auth = Auth::kNone});
}

}  // namespace mamon::http::api
