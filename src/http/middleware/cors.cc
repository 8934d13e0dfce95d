#include "http/middleware/cors.h"

#include <algorithm>

#include "http/headers.h"

namespace mamon::http {
namespace {

}  // namespace

Cors::Cors(std::string_view allowed_origins) {
  while (!allowed_origins.empty()) {
    auto comma = allowed_origins.find(',');
    std::string_view origin = trim_blanks(allowed_origins.substr(0, comma));
    allowed_origins =
        comma == std::string_view::npos ? std::string_view() : allowed_origins.substr(comma + 1);
    while (!origin.empty() && origin.back() == '/') origin.remove_suffix(1);
    if (origin.empty()) continue;
    if (origin == "*") {
      any_origin_ = true;
    } else {
      origins_.emplace_back(origin);
    }
  }
}

Response Cors::preflight(const Request& request) const {
  Response response;
  response.status = 204;
  response.headers.set("Access-Control-Allow-Methods", kCorsAllowedMethods);
  response.headers.set("Access-Control-Allow-Headers", kCorsAllowedHeaders);
  response.headers.set("Access-Control-Max-Age", kCorsMaxAgeSeconds);
  add_headers(request, response);
  return response;
}

void Cors::add_headers(const Request& request, Response& response) const {
  if (any_origin_) {
    response.headers.set("Access-Control-Allow-Origin", "*");
    response.headers.set("Access-Control-Expose-Headers", kCorsExposedHeaders);
    return;
  }
  if (origins_.empty()) return;
  // The answer depends on Origin, so caches must key on it even when the origin is refused.
  response.headers.add("Vary", "Origin");
  auto origin = request.headers.get("Origin");
  if (!origin) return;
  if (std::find(origins_.begin(), origins_.end(), *origin) == origins_.end()) return;
  response.headers.set("Access-Control-Allow-Origin", *origin);
  response.headers.set("Access-Control-Expose-Headers", kCorsExposedHeaders);
}

}  // namespace mamon::http
