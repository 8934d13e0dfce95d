#include "http/router.h"

#include <algorithm>
#include <charconv>

#include "base/check.h"

namespace mamon::http {
namespace {

// Allow lists methods in this order.
constexpr Method kMethodOrder[] = {Method::kGet,   Method::kHead,   Method::kPost,   Method::kPut,
                                   Method::kPatch, Method::kDelete, Method::kOptions};

bool parse_int64(std::string_view text, std::int64_t* out) {
  if (text.empty() || text.size() > 19) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size();
}

bool is_identifier(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
      return false;
  }
  return true;
}

}  // namespace

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (path.empty()) return parts;
  while (true) {
    auto slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

Router::Router(const Authenticator* authenticator) : authenticator_(authenticator) {}

void Router::add(Method method, std::string_view pattern, Handler handler, RouteOptions options) {
  MAMON_CHECK_MSG(!pattern.empty() && pattern.front() == '/', "route patterns start with '/'");
  MAMON_CHECK_MSG(method != Method::kOther && method != Method::kHead && method != Method::kOptions,
                  "HEAD follows GET and OPTIONS is CORS's: register GET/POST/PUT/PATCH/DELETE");
  MAMON_CHECK_MSG(handler != nullptr, "route without handler");
  MAMON_CHECK_MSG(options.auth == Auth::kNone || authenticator_ != nullptr,
                  "an authenticated route needs a Router with an Authenticator");

  std::vector<Segment> segments;
  for (std::string_view part : split_path(pattern)) {
    MAMON_CHECK_MSG(!part.empty(), "empty segment in route pattern");
    Segment s;
    if (part.front() == '{') {
      MAMON_CHECK_MSG(part.back() == '}', "unclosed '{' in route pattern");
      std::string_view inner = part.substr(1, part.size() - 2);
      s.kind = Segment::Kind::kInt;
      if (auto colon = inner.find(':'); colon != std::string_view::npos) {
        std::string_view type = inner.substr(colon + 1);
        MAMON_CHECK_MSG(type == "str" || type == "int" || type == "path",
                        "parameter type must be int, str or path");
        s.kind = type == "str"    ? Segment::Kind::kText
                 : type == "path" ? Segment::Kind::kRest
                                  : Segment::Kind::kInt;
        inner = inner.substr(0, colon);
      }
      MAMON_CHECK_MSG(is_identifier(inner), "parameter names are identifiers");
      s.text = std::string(inner);
    } else {
      MAMON_CHECK_MSG(part.find_first_of("{}") == std::string_view::npos,
                      "parameters must fill a whole segment");
      s.text = std::string(part);
    }
    MAMON_CHECK_MSG(segments.empty() || segments.back().kind != Segment::Kind::kRest,
                    "a {name:path} parameter must be the last segment");
    segments.push_back(std::move(s));
  }

  // Same shape (literals and parameter kinds) → the same Pattern entry.
  auto same_shape = [&](const Pattern& p) {
    if (p.segments.size() != segments.size()) return false;
    for (std::size_t i = 0; i < segments.size(); ++i) {
      if (p.segments[i].kind != segments[i].kind) return false;
      if (segments[i].kind == Segment::Kind::kLiteral && p.segments[i].text != segments[i].text)
        return false;
    }
    return true;
  };
  auto it = std::find_if(patterns_.begin(), patterns_.end(), same_shape);
  if (it == patterns_.end()) {
    Pattern p;
    p.text = std::string(pattern);
    p.segments = std::move(segments);
    // Keep the most specific first: only patterns of the same length can match the same path;
    // among those, compare segment by segment: a literal beats an int parameter, which beats a
    // text one.
    auto rank = [](const Segment& s) { return static_cast<int>(s.kind); };
    auto has_rest = [](const Pattern& x) {
      return !x.segments.empty() && x.segments.back().kind == Segment::Kind::kRest;
    };
    auto more_specific = [&](const Pattern& a, const Pattern& b) {
      // A {name:path} pattern matches paths of any length: it goes after all the others.
      if (has_rest(a) != has_rest(b)) return has_rest(b);
      if (a.segments.size() != b.segments.size()) return a.segments.size() < b.segments.size();
      for (std::size_t i = 0; i < a.segments.size(); ++i) {
        if (rank(a.segments[i]) != rank(b.segments[i]))
          return rank(a.segments[i]) < rank(b.segments[i]);
      }
      return false;
    };
    auto pos = std::upper_bound(patterns_.begin(), patterns_.end(), p, more_specific);
    it = patterns_.insert(pos, std::move(p));
  } else {
    for (std::size_t i = 0; i < segments.size(); ++i) {
      MAMON_CHECK_MSG(it->segments[i].text == segments[i].text,
                      "the same route pattern with different parameter names");
    }
    for (const auto& e : it->endpoints) {
      MAMON_CHECK_MSG(e.method != method, "duplicate route");
      MAMON_CHECK_MSG(e.options.group == options.group,
                      "one route pattern in both the API and the web group");
    }
  }
  it->endpoints.push_back(Endpoint{method, std::move(handler), options});
  route_infos_.push_back(RouteInfo{method, std::string(pattern), options});
}

void Router::set_web_error_pages(ErrorPageRenderer renderer) {
  web_error_pages_ = std::move(renderer);
}

RouteGroup Router::group_of_path(std::string_view path) const {
  std::vector<std::string_view> parts = split_path(path);
  std::vector<PathParam> params;
  for (const Pattern& pattern : patterns_) {
    if (match_pattern(pattern, parts, &params)) return pattern.endpoints.front().options.group;
  }
  const bool api = !parts.empty() && parts.front() == "api";
  return api || web_error_pages_ == nullptr ? RouteGroup::kApi : RouteGroup::kWeb;
}

std::vector<Router::RouteInfo> Router::routes() const {
  return route_infos_;
}

bool Router::match_pattern(const Pattern& pattern, const std::vector<std::string_view>& parts,
                           std::vector<PathParam>* params) const {
  const bool rest =
      !pattern.segments.empty() && pattern.segments.back().kind == Segment::Kind::kRest;
  if (rest ? parts.size() < pattern.segments.size() : pattern.segments.size() != parts.size()) {
    return false;
  }
  params->clear();
  for (std::size_t i = 0; i < pattern.segments.size(); ++i) {
    const Segment& s = pattern.segments[i];
    std::string_view part = parts[i];
    switch (s.kind) {
      case Segment::Kind::kRest: {
        std::string joined;
        for (std::size_t j = i; j < parts.size(); ++j) {
          if (j > i) joined.push_back('/');
          joined.append(parts[j]);
        }
        if (joined.empty()) return false;
        params->push_back(PathParam{s.text, std::move(joined), 0});
        break;
      }
      case Segment::Kind::kLiteral:
        if (part != s.text) return false;
        break;
      case Segment::Kind::kInt: {
        std::int64_t number = 0;
        if (!parse_int64(part, &number)) return false;
        params->push_back(PathParam{s.text, std::string(part), number});
        break;
      }
      case Segment::Kind::kText:
        if (part.empty()) return false;
        params->push_back(PathParam{s.text, std::string(part), 0});
        break;
    }
  }
  return true;
}

Status Router::authenticate(Request& request, Auth auth) const {
  if (auth == Auth::kNone) return ok_status();
  auto header = request.headers.get("Authorization");
  if (auth == Auth::kOptional && !header) return ok_status();
  auto principal = authenticator_->authenticate(header.value_or(""), request.path);
  if (!principal) return std::move(principal).error();
  request.principal = std::move(principal).value();
  return ok_status();
}

std::pair<const Router::Pattern*, const Router::Endpoint*> Router::find_endpoint(
    const std::vector<std::string_view>& parts, Method method,
    std::vector<PathParam>* params) const {
  for (const Pattern& pattern : patterns_) {
    if (!match_pattern(pattern, parts, params)) continue;
    for (const Endpoint& endpoint : pattern.endpoints) {
      if (endpoint.method == method) return {&pattern, &endpoint};
    }
  }
  return {nullptr, nullptr};
}

std::optional<std::size_t> Router::body_bytes_max_for(Method method, std::string_view path) const {
  std::vector<PathParam> params;
  auto [pattern, endpoint] =
      find_endpoint(split_path(path), method == Method::kHead ? Method::kGet : method, &params);
  if (endpoint == nullptr) return std::nullopt;
  return endpoint->options.body_bytes_max;
}

std::size_t Router::largest_route_body_bytes_max() const {
  std::size_t largest = 0;
  for (const RouteInfo& route : route_infos_) {
    largest = std::max(largest, route.options.body_bytes_max.value_or(0));
  }
  return largest;
}

std::optional<Response> Router::dispatch_from_memory(Request& request) const {
  if (request.method != Method::kGet && request.method != Method::kHead) return std::nullopt;
  std::vector<std::string_view> parts = split_path(request.path);
  std::vector<PathParam> params;
  auto [pattern, endpoint] = find_endpoint(parts, Method::kGet, &params);
  if (endpoint == nullptr || !endpoint->options.fast_path) return std::nullopt;
  std::optional<Principal> principal;
  if (endpoint->options.auth != Auth::kNone) {
    auto header = request.headers.get("Authorization");
    if (!header) return std::nullopt;  // the worker answers 401 (or runs an optional route)
    principal = authenticator_->authenticate_from_memory(*header, request.path);
    if (!principal) return std::nullopt;
  }
  request.route = pattern->text;
  request.group = endpoint->options.group;
  request.params = std::move(params);
  request.principal = std::move(principal);
  std::optional<Response> answer = endpoint->options.fast_path(request);
  if (!answer) {
    request.route.clear();
    request.group = RouteGroup::kApi;
    request.params.clear();
    request.principal.reset();
  }
  return answer;
}

Response Router::dispatch(Request& request) const {
  std::vector<std::string_view> parts = split_path(request.path);
  Method wanted = request.method == Method::kHead ? Method::kGet : request.method;
  std::vector<PathParam> params;
  bool allowed[std::size(kMethodOrder)] = {};
  bool path_matched = false;
  for (const Pattern& pattern : patterns_) {
    if (!match_pattern(pattern, parts, &params)) continue;
    path_matched = true;
    for (const Endpoint& endpoint : pattern.endpoints) {
      if (endpoint.method != wanted) {
        for (std::size_t i = 0; i < std::size(kMethodOrder); ++i) {
          if (kMethodOrder[i] == endpoint.method) allowed[i] = true;
        }
        continue;
      }
      request.route = pattern.text;
      request.group = endpoint.options.group;
      request.params = std::move(params);
      if (Status s = authenticate(request, endpoint.options.auth); !s) {
        return Response::error(s.error());
      }
      if (auto rejected = check_request_body(
              request, endpoint.options.body,
              endpoint.options.body_bytes_max.value_or(limits::kHttpBodyBytesMax))) {
        return *rejected;
      }
      Result<Response> result = endpoint.handler(request);
      if (!result) return Response::error(result.error());
      return std::move(result).value();
    }
  }
  const bool web_page = group_of_path(request.path) == RouteGroup::kWeb;
  if (web_page) request.group = RouteGroup::kWeb;
  if (!path_matched) {
    if (web_page) return web_error_pages_(request, 404);
    return Response::error_envelope(404, "not_found", "Not found.");
  }

  allowed[1] = allowed[1] || allowed[0];        // HEAD wherever GET
  allowed[std::size(kMethodOrder) - 1] = !web_page;  // OPTIONS: CORS preflight (API only)
  std::string allow;
  for (std::size_t i = 0; i < std::size(kMethodOrder); ++i) {
    if (!allowed[i]) continue;
    if (!allow.empty()) allow.append(", ");
    allow.append(method_name(kMethodOrder[i]));
  }
  if (web_page) {
    Response page = web_error_pages_(request, 405);
    page.headers.set("Allow", allow);
    return page;
  }
  std::string message = "Method \"";
  message.append(method_name(request.method)).append("\" not allowed.");
  Response response = Response::error_envelope(405, "method_not_allowed", message);
  response.headers.set("Allow", allow);
  return response;
}

}  // namespace mamon::http
