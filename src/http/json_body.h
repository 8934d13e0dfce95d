// Parsing a request's JSON body, for handlers:
//
//   MAMON_TRY(nlohmann::json body, parse_json_body(request));
//
// The route's BodyKind::kJson already guaranteed a JSON Content-Type (415 otherwise).
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "base/result.h"
#include "http/request.h"

namespace mamon::http {

// Nesting deeper than this is refused: no API body nests more than 4 levels, and deep nesting
// costs stack and time in every later walk of the value.
inline constexpr int kJsonDepthMax = 32;

// The parsed body. An empty body is an empty object ({}), as Django REST framework treats it, so
// handlers report the missing fields. Error kInvalidJson (400 "invalid_json") for malformed JSON,
// invalid UTF-8, nesting deeper than kJsonDepthMax, or an object naming a key twice;
// kInvalidInput (400, "errors" naming the field, e.g. "orders[0].comment") for a string holding a
// NUL character.
Result<nlohmann::json> parse_json_body(const Request& request);

}  // namespace mamon::http
