// The project's own HTTP request: what handlers and middleware see (no Beast types). Built by the
// server (server.cc) from the wire; the router fills `route`, `params` and `principal`.
//
// A Request is owned by one request's processing and is not shared between threads at the same
// time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/headers.h"
#include "http/principal.h"

namespace mamon::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

// Which half of the server answers a path: the JSON API (and the system routes: health,
// metrics, media, the Mollie webhook) or the website (HTML pages, their assets). The pipeline
// decorates each differently (pipeline.h); the router picks it (router.h).
enum class RouteGroup { kApi, kWeb };

// "GET", "POST", ...; "OTHER" for kOther.
std::string_view method_name(Method method);
// Case-sensitive, as RFC 9110 says; unknown methods are kOther.
Method parse_method(std::string_view name);

// Decoded query parameters in order ("?a=1&b=x+y" → {a:"1"}, {b:"x y"}).
class QueryParams {
 public:
  using Entry = std::pair<std::string, std::string>;

  // The first value of `name`, or nullopt. A key without "=" has the value "".
  std::optional<std::string_view> get(std::string_view name) const;
  void add(std::string name, std::string value) {
    entries_.emplace_back(std::move(name), std::move(value));
  }
  const std::vector<Entry>& entries() const { return entries_; }

 private:
  std::vector<Entry> entries_;
};

// Values captured by the route pattern: "{id}" (an int64) and "{name:str}" (one segment).
struct PathParam {
  std::string name;
  std::string text;         // the decoded segment
  std::int64_t number = 0;  // for {name} (integer) parameters
};

struct Request {
  Method method = Method::kGet;
  std::string path;          // percent-decoded, without the query: "/api/products/7/"
  std::string query_string;  // raw, without "?" (for logs only via loggable_target())
  QueryParams query;
  Headers headers;
  std::string body;
  // The client's address (http/client_address.h): the peer's, or from X-Forwarded-For when the
  // peer is one of TRUSTED_PROXIES. Rate limits and logs use this one.
  std::string remote_ip;
  std::string peer_ip;     // the TCP peer's address (the proxy's, behind one)
  std::string request_id;  // the client's X-Request-Id if acceptable, else generated

  // Set by the router before the handler runs.
  std::string route;  // the matched pattern ("/api/products/{id}"), "" if none
  RouteGroup group = RouteGroup::kApi;  // Router::group_of_path() of the path
  std::vector<PathParam> params;
  std::optional<Principal> principal;  // set on routes with authentication

  // The integer parameter `name` of the route pattern. Asking for a name the pattern does not
  // have is a programmer error (CHECK).
  std::int64_t path_int(std::string_view name) const;
  // The text of parameter `name` (any kind). CHECK as above.
  const std::string& path_text(std::string_view name) const;
  // The authenticated principal. CHECK that the route required authentication.
  const Principal& user() const;
};

}  // namespace mamon::http
