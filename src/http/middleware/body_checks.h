// Request-body checks done before any handler runs (API.md: 413 body too large, 415 not JSON).
// The server already refuses bodies over the limit while reading (from Content-Length when
// possible); the size check here keeps the rule true for requests built in-process (tests).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "base/limits.h"
#include "http/request.h"
#include "http/response.h"

namespace mamon::http {

// What a route accepts as a body.
enum class BodyKind {
  kJson,  // POST/PUT/PATCH with a non-empty body is read as JSON (see is_read_as_json)
  kAny,   // the handler checks (form posts from web pages, the Mollie webhook)
};

// True for "application/json" and "application/<x>+json", any parameters ("; charset=utf-8"),
// case-insensitive.
bool is_json_content_type(std::string_view content_type);

// Whether a JSON route reads a body with this Content-Type (nullopt: no header) as JSON: a JSON
// type, "*/*" (the bar app's card-tapper screens send it with JSON bodies) or no type at all
// (the old server read those as JSON too). A body that then is not JSON is 400 invalid_json.
bool is_read_as_json(std::optional<std::string_view> content_type);

// 413 "payload_too_large" when the body exceeds body_bytes_max; 415 "unsupported_media_type"
// when `kind` is kJson, the method is POST/PUT/PATCH, the body is not empty and its Content-Type
// is not read as JSON, or names a charset other than UTF-8; nullopt when the body may go on to
// the handler.
std::optional<Response> check_request_body(const Request& request, BodyKind kind,
                                           std::size_t body_bytes_max = limits::kHttpBodyBytesMax);

// The standard 413 response.
Response payload_too_large_response();

}  // namespace mamon::http
