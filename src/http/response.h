// The project's own HTTP response: what handlers return (no Beast types). The server adds
// Content-Length and Connection; the pipeline adds X-Request-Id and CORS headers, and
// Content-Type: application/json when the handler set none.
//
// API.md: every response has a JSON body, errors included. Build responses with json() and
// error(); text() is for the few non-JSON endpoints (Prometheus metrics, web pages).
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "base/error.h"
#include "http/headers.h"

namespace mamon::http {

inline constexpr std::string_view kJsonContentType = "application/json";

struct Response {
  int status = 200;
  Headers headers;
  std::string body;

  // `body` serialised (UTF-8; invalid UTF-8 in strings is replaced, never thrown) with
  // Content-Type application/json.
  static Response json(int status, const nlohmann::json& body);

  // API.md's error envelope for an expected failure, with the status of its kind
  // (api/json_errors.h). kInternal errors show "internal error"; their message is only logged.
  static Response error(const Error& error);

  // The envelope for failures the HTTP layer detects itself and that have no ErrorCode
  // (405 "method_not_allowed", 413 "payload_too_large", 415 "unsupported_media_type", ...).
  static Response error_envelope(int status, std::string_view code, std::string_view message);

  static Response text(int status, std::string body, std::string_view content_type);
};

}  // namespace mamon::http
