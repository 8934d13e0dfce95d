// The route table: the one explicit list of every endpoint (filled in routes.cc), and dispatch
// of a request to its handler.
//
//   router.add(Method::kGet, "/api/products/{id}", get_product);            // auth required
//   router.add(Method::kPost, "/api/login", login, {.auth = Auth::kNone});
//
// Patterns are absolute paths whose segments are literals or parameters: "{name}" captures an
// int64 (a segment that is not a decimal number does not match, so the request gets 404 JSON),
// "{name:str}" captures any one non-empty segment, and "{name:path}" (last segment only) the rest
// of the path, one or more segments joined by "/" ("/media/{file:path}"). A trailing slash is
// optional on every path:
// "/api/products/" and "/api/products" are the same route. When several patterns match, the one
// with a literal at the earliest differing segment wins ("/api/products/overview" beats
// "/api/products/{id}").
//
// Build the table once at start-up, then share it read-only: dispatch() is thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "http/middleware/authentication.h"
#include "http/middleware/body_checks.h"
#include "http/request.h"
#include "http/response.h"

namespace mamon::http {

enum class Auth {
  kRequired,  // the Authenticator must accept the request (401/403 otherwise)
  kOptional,  // a principal is attached when an Authorization header is present and valid; an
              // invalid one is still 401 (a stale token must make the app log in again)
  kNone,      // public (login, health, metrics, the Mollie webhook); no principal
};

// A handler parses the request, calls one service and serialises the result. Expected failures
// are returned as Errors and rendered with Response::error(). Handlers run on worker threads and
// may block (database, argon2); they must be thread-safe.
using Handler = std::function<Result<Response>(const Request&)>;

// The in-memory fast path of a route (issue 7, item 13): called on an I/O thread before the
// request is handed to a worker, it answers from memory (a cache) or returns nullopt, and then
// the normal Handler runs on a worker. It must never block: no database, no argon2, no locks
// held for longer than a map lookup.
using InlineHandler = std::function<std::optional<Response>(const Request&)>;

struct RouteOptions {
  Auth auth = Auth::kRequired;
  BodyKind body = BodyKind::kJson;
  InlineHandler fast_path = nullptr;  // optional; see InlineHandler
  // kWeb: a website page (http/web/page.h registers those, with auth = kNone: the page kit does
  // session auth itself). Every route of one pattern must be in the same group (CHECK).
  RouteGroup group = RouteGroup::kApi;
  // The largest body the route accepts; nullopt: the server's own limit (ServerOptions::
  // body_bytes_max, limits::kHttpBodyBytesMax). Only upload routes set it (limits.h).
  std::optional<std::size_t> body_bytes_max = std::nullopt;
};

// The website's error pages for the router's own 404 and 405 on web paths: called with the
// status (404 or 405); the router adds the Allow header of a 405. Must not throw.
using ErrorPageRenderer = std::function<Response(const Request&, int status)>;

class Router {
 public:
  // `authenticator` (not owned; may be null only if no route needs authentication) must outlive
  // the router.
  explicit Router(const Authenticator* authenticator = nullptr);

  // Registers `handler` for `method` on `pattern`. A malformed pattern, a duplicate method +
  // pattern, the same pattern shape with different parameter names, or an authenticated route
  // without an authenticator are programmer errors (CHECK at start-up).
  void add(Method method, std::string_view pattern, Handler handler, RouteOptions options = {});

  struct RouteInfo {
    Method method;
    std::string pattern;
    RouteOptions options;
  };
  // Renders 404/405 of web paths (group_of_path() == kWeb) as HTML pages. Without one, every
  // path gets the JSON envelopes. Call before sharing the router.
  void set_web_error_pages(ErrorPageRenderer renderer);

  // The group of `path`: the group of the most specific pattern that matches it; for a path no
  // pattern matches, kApi under "/api" (the JSON 404 stays) and kWeb elsewhere (the HTML 404) —
  // kApi everywhere while no web error pages are set.
  RouteGroup group_of_path(std::string_view path) const;

  // The body limit of the route `method` + `path` would be dispatched to, when that route sets
  // its own (RouteOptions::body_bytes_max); nullopt otherwise (no route, or the server's limit).
  // For the server, which must know the limit from the request head before reading the body.
  std::optional<std::size_t> body_bytes_max_for(Method method, std::string_view path) const;
  // The largest RouteOptions::body_bytes_max of any route (0 when none sets one).
  std::size_t largest_route_body_bytes_max() const;

  // Every registered route in registration order (for the OpenAPI document and tests).
  std::vector<RouteInfo> routes() const;

  // Routes `request` and runs its handler:
  //   no pattern matches the path          404 {"detail": "Not found.", "code": "not_found"}
  //   a pattern matches, the method not    405 "method_not_allowed" with an Allow header
  //   (both as the web error pages instead when the path is a web path and a renderer is set)
  //   authentication fails                 401 / 403 (Authenticator)
  //   body checks fail                     413 / 415 (check_request_body)
  //   the handler returns an Error         Response::error()
  // HEAD is served by the GET handler (the server drops the body). Sets request.route,
  // request.group, request.params and request.principal. Exceptions from handlers propagate (the pipeline
  // turns them into 500).
  Response dispatch(Request& request) const;

  // The fast path: when `request` is a GET (or HEAD) of a route with a fast_path, authentication
  // succeeds from the Authenticator's memory alone (authenticate_from_memory) and the fast path
  // answers, that answer; nullopt in every other case (the caller then runs dispatch() on a
  // worker). Never blocks. Sets request.route / params / principal like dispatch() when it answers.
  std::optional<Response> dispatch_from_memory(Request& request) const;

 private:
  struct Segment {
    enum class Kind { kLiteral, kInt, kText, kRest } kind = Kind::kLiteral;
    std::string text;  // the literal, or the parameter name
  };
  struct Endpoint {
    Method method;
    Handler handler;
    RouteOptions options;
  };
  struct Pattern {
    std::string text;
    std::vector<Segment> segments;
    std::vector<Endpoint> endpoints;
  };

  bool match_pattern(const Pattern& pattern, const std::vector<std::string_view>& parts,
                     std::vector<PathParam>* params) const;
  // The pattern and endpoint for the path and method, if any (params filled).
  std::pair<const Pattern*, const Endpoint*> find_endpoint(
      const std::vector<std::string_view>& parts, Method method,
      std::vector<PathParam>* params) const;
  Status authenticate(Request& request, Auth auth) const;

  const Authenticator* authenticator_;
  ErrorPageRenderer web_error_pages_;
  std::vector<Pattern> patterns_;  // most specific first
  std::vector<RouteInfo> route_infos_;
};

// Splits "/a/b/" into {"a", "b"}; "/" into {}. Empty inner segments ("/a//b") are kept as "".
std::vector<std::string_view> split_path(std::string_view path);

}  // namespace mamon::http
