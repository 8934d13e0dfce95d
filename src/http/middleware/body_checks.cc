#include "http/middleware/body_checks.h"

#include <string>

namespace mamon::http {

bool is_json_content_type(std::string_view content_type) {
  std::string media;
  for (char c : content_type.substr(0, content_type.find(';'))) {
    if (c == ' ' || c == '\t') continue;
    media.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
  }
  if (media == "application/json") return true;
  return media.starts_with("application/") && media.ends_with("+json");
}

Response payload_too_large_response() {
  return Response::error_envelope(413, "payload_too_large", "Request body is too large.");
}

std::optional<Response> check_request_body(const Request& request, BodyKind kind,
                                           std::size_t body_bytes_max) {
  if (request.body.size() > body_bytes_max) return payload_too_large_response();
  if (kind != BodyKind::kJson || request.body.empty()) return std::nullopt;
  bool has_body_method = request.method == Method::kPost || request.method == Method::kPut ||
                         request.method == Method::kPatch;
  if (!has_body_method) return std::nullopt;
  auto content_type = request.headers.get("Content-Type");
  if (content_type && is_json_content_type(*content_type)) return std::nullopt;
  std::string media(content_type ? content_type->substr(0, content_type->find(';')) : "");
  std::string message = media.empty() ? "Unsupported media type in request."
                                      : "Unsupported media type \"" + media + "\" in request.";
  return Response::error_envelope(415, "unsupported_media_type", message);
}

}  // namespace mamon::http
