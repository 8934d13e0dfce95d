#include "http/api/json_errors.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

namespace mamon::http::api {

int http_status(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalid: return 400;
    case ErrorKind::kUnauthenticated: return 401;
    case ErrorKind::kForbidden: return 403;
    case ErrorKind::kNotFound: return 404;
    case ErrorKind::kConflict: return 409;
    case ErrorKind::kRateLimited: return 429;
    case ErrorKind::kUnavailable: return 503;
    case ErrorKind::kInternal: return 500;
  }
  return 500;
}

nlohmann::json envelope_json(std::string_view code, std::string_view message) {
  return nlohmann::json{{"detail", message}, {"message", message}, {"code", code}};
}

nlohmann::json error_json(const Error& error) {
  if (error.kind() == ErrorKind::kInternal) {
    spdlog::error("internal error ({}): {}", error_code_name(error.code), error.message);
    return envelope_json(error_code_name(ErrorCode::kInternal), "internal error");
  }
  nlohmann::json body = envelope_json(error_code_name(error.code), error.message);
  if (!error.field.empty()) {
    body["errors"] = nlohmann::json{{error.field, nlohmann::json::array({error.message})}};
  }
  return body;
}

}  // namespace mamon::http::api
