// Cross-origin resource sharing for the web build of the bar app and other association sites
// (API.md "CORS"). OPTIONS requests are preflights: answered 204 before routing and without
// authentication. Every other response gets Access-Control-Allow-Origin when the Origin is
// allowed. Immutable after construction; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "http/request.h"
#include "http/response.h"

namespace mamon::http {

inline constexpr std::string_view kCorsAllowedMethods = "GET, POST, PUT, PATCH, DELETE";
inline constexpr std::string_view kCorsAllowedHeaders =
    "Authorization, Content-Type, Idempotency-Key";
// Response headers the browser may show to scripts (the app reads X-Total-Count).
inline constexpr std::string_view kCorsExposedHeaders =
    "X-Total-Count, X-Request-Id, Retry-After, ETag";
inline constexpr std::string_view kCorsMaxAgeSeconds = "86400";

class Cors {
 public:
  // `allowed_origins`: CORS_ALLOWED_ORIGINS, "*" (any origin) or a comma-separated list of
  // origins ("https://bar.example.org, http://localhost:19006"); spaces and a trailing "/" on an
  // origin are ignored. Empty means no cross-origin access.
  explicit Cors(std::string_view allowed_origins);

  // True for OPTIONS requests, which preflight() answers.
  static bool is_preflight(const Request& request) { return request.method == Method::kOptions; }

  // 204 with Access-Control-Allow-Methods/-Headers/-Max-Age (and -Origin when allowed).
  Response preflight(const Request& request) const;

  // Adds Access-Control-Allow-Origin (+ Vary: Origin for a list) and -Expose-Headers when the
  // request's Origin is allowed; otherwise leaves the response alone (the browser then blocks it).
  void add_headers(const Request& request, Response& response) const;

 private:
  bool any_origin_ = false;
  std::vector<std::string> origins_;
};

}  // namespace mamon::http
