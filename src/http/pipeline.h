// The middleware chain every request goes through, in this fixed order:
//
//   1. request id      X-Request-Id accepted or generated (middleware/request_id.h), unless the
//                      caller already set request.request_id
//   2. CORS preflight  OPTIONS → 204 with the CORS headers, no routing, no authentication
//   3. router          404/405, authentication 401/403, body checks 413/415, the handler
//   4. safety net      an exception escaping a handler becomes 500 "internal error" (logged)
//   5. decoration      CORS headers (API group) or the security headers (web group, below),
//                      X-Request-Id, Content-Type application/json by default,
//                      "{}" for an empty JSON body (every response has a JSON body)
//
// Web paths (Router::group_of_path() == kWeb) get no CORS: an OPTIONS request to them is routed
// (405 page) instead of answered as a preflight.
//   6. observation     metrics (route pattern, method, status, duration) and one access-log line
//
// The server calls handle() on a worker thread for each complete request, and finish() for
// answers it makes itself before a request is complete (431, 413 from Content-Length, 400, 503),
// so that those get steps 5-6 too. Thread-safe; the router, CORS and metrics must outlive it.
#pragma once

#include <cstdint>
#include <optional>

#include "http/metrics.h"
#include "http/middleware/cors.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"

namespace mamon::http {

// The website's Content-Security-Policy: our own scripts, styles and images only, no inline
// script or style attribute, no framing, forms only to ourselves.
inline constexpr std::string_view kWebContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

// Sets Content-Security-Policy, X-Frame-Options: DENY, X-Content-Type-Options: nosniff and
// Referrer-Policy: same-origin (step 5 for every web answer).
void add_web_security_headers(Response& response);

class Pipeline {
 public:
  Pipeline(const Router& router, const Cors& cors, Metrics& metrics);

  // Runs the whole chain. Never throws.
  Response handle(Request& request) const;

  // The in-memory fast path (Router::dispatch_from_memory) with steps 1, 5 and 6: an answer
  // made from caches alone, or nullopt when the request must go to a worker for handle(). Never
  // blocks and never throws; the server calls it on an I/O thread before the worker hop.
  std::optional<Response> handle_from_memory(Request& request) const;

  // The body limit of the route a request with this head goes to: the route's own
  // (Router::body_bytes_max_for) or `server_default`. Never blocks; for the server, between
  // reading the head and the body. The largest limit of any route, for reading heads.
  std::size_t body_bytes_max_for(Method method, std::string_view path,
                                 std::size_t server_default) const;
  std::size_t largest_body_bytes_max(std::size_t server_default) const;

  // Steps 1, 5 and 6 around a response made without routing. `duration_us` is measured by the
  // caller. Never throws.
  Response finish(Request& request, Response response, std::int64_t duration_us) const;

 private:
  Response route(Request& request) const;

  const Router& router_;
  const Cors& cors_;
  Metrics& metrics_;
};

}  // namespace mamon::http
