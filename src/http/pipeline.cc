#include "http/pipeline.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <exception>

#include "http/middleware/access_log.h"
#include "http/middleware/request_id.h"

namespace mamon::http {
namespace {

std::int64_t steady_now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

bool is_json_or_untyped(const Response& response) {
  auto type = response.headers.get("Content-Type");
  return !type || type->starts_with(kJsonContentType);
}

}  // namespace

void add_web_security_headers(Response& response) {
  response.headers.set("Content-Security-Policy", kWebContentSecurityPolicy);
  response.headers.set("X-Frame-Options", "DENY");
  response.headers.set("X-Content-Type-Options", "nosniff");
  response.headers.set("Referrer-Policy", "same-origin");
}

Pipeline::Pipeline(const Router& router, const Cors& cors, Metrics& metrics)
    : router_(router), cors_(cors), metrics_(metrics) {}

std::size_t Pipeline::body_bytes_max_for(Method method, std::string_view path,
                                         std::size_t server_default) const {
  return router_.body_bytes_max_for(method, path).value_or(server_default);
}

std::size_t Pipeline::largest_body_bytes_max(std::size_t server_default) const {
  return std::max(server_default, router_.largest_route_body_bytes_max());
}

Response Pipeline::route(Request& request) const {
  if (Cors::is_preflight(request) && router_.group_of_path(request.path) == RouteGroup::kApi) {
    return cors_.preflight(request);
  }
  try {
    return router_.dispatch(request);
  } catch (const std::exception& e) {
    spdlog::error("request_id={} unhandled exception in {}: {}", request.request_id,
                  request.route.empty() ? request.path : request.route, e.what());
  } catch (...) {
    spdlog::error("request_id={} unhandled non-standard exception", request.request_id);
  }
  return Response::error_envelope(500, "internal_error", "internal error");
}

Response Pipeline::handle(Request& request) const {
  std::int64_t start_us = steady_now_us();
  if (request.request_id.empty()) {
    request.request_id = accept_or_make_request_id(request.headers.get(kRequestIdHeader));
  }
  Response response = route(request);
  return finish(request, std::move(response), steady_now_us() - start_us);
}

std::optional<Response> Pipeline::handle_from_memory(Request& request) const {
  std::int64_t start_us = steady_now_us();
  std::optional<Response> response;
  try {
    response = router_.dispatch_from_memory(request);
  } catch (const std::exception& e) {  // the worker path will answer (and log) properly
    spdlog::error("request_id={} the fast path failed: {}", request.request_id, e.what());
    return std::nullopt;
  }
  if (!response) return std::nullopt;
  return finish(request, std::move(*response), steady_now_us() - start_us);
}

Response Pipeline::finish(Request& request, Response response, std::int64_t duration_us) const {
  try {
    if (request.request_id.empty()) {
      request.request_id = accept_or_make_request_id(request.headers.get(kRequestIdHeader));
    }
    if (request.group == RouteGroup::kWeb) {
      add_web_security_headers(response);
    } else {
      cors_.add_headers(request, response);
    }
    response.headers.set(kRequestIdHeader, request.request_id);
    bool bodyless_status =
        response.status == 204 || response.status == 304 || response.status < 200;
    if (!bodyless_status) {
      if (!response.headers.contains("Content-Type")) {
        response.headers.set("Content-Type", kJsonContentType);
      }
      if (response.body.empty() && is_json_or_untyped(response)) response.body = "{}";
    }
    metrics_.observe_request(request.route, request.method, response.status, duration_us);
    log_access(request, response.status, duration_us);
  } catch (const std::exception& e) {  // out of memory while logging: the answer still goes out
    spdlog::error("request_id={} finishing the response failed: {}", request.request_id, e.what());
  }
  return response;
}

}  // namespace mamon::http
