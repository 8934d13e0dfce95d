#include "http/response.h"

#include <nlohmann/json.hpp>

#include "http/api/json_errors.h"

namespace mamon::http {

Response Response::json(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.headers.set("Content-Type", kJsonContentType);
  r.body = body.dump(-1, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response Response::error(const Error& error) {
  return json(api::http_status(error.kind()), api::error_json(error));
}

Response Response::error_envelope(int status, std::string_view code, std::string_view message) {
  return json(status, api::envelope_json(code, message));
}

Response Response::text(int status, std::string body, std::string_view content_type) {
  Response r;
  r.status = status;
  r.headers.set("Content-Type", content_type);
  r.body = std::move(body);
  return r;
}

}  // namespace mamon::http
