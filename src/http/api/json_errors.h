// The one place where expected failures become HTTP (API.md "General rules"): the status of each
// ErrorKind and the error envelope
//   {"detail": "<sentence>", "message": "<same sentence>", "code": "<snake_case>"}
// plus "errors": {"<field>": ["<sentence>"]} when the error names a field.
#pragma once

#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "base/error.h"

namespace mamon::http::api {

// kInvalid 400, kUnauthenticated 401, kForbidden 403, kNotFound 404, kConflict 409,
// kRateLimited 429, kUnavailable 503, kInternal 500.
int http_status(ErrorKind kind);

// The envelope for `error`. A kInternal error is shown as "internal error" and its real message
// is logged (spdlog error level) instead: it may describe internals.
nlohmann::json error_json(const Error& error);

// {"detail": message, "message": message, "code": code}.
nlohmann::json envelope_json(std::string_view code, std::string_view message);

}  // namespace mamon::http::api
