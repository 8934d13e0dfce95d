#include "http/middleware/body_checks.h"

#include <string>

namespace mamon::http {

namespace {

std::string lower_without_blanks(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == ' ' || c == '\t') continue;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
  }
  return out;
}

// The media type of a Content-Type value, lower case, without parameters.
std::string media_type_of(std::string_view content_type) {
  return lower_without_blanks(content_type.substr(0, content_type.find(';')));
}

// The value of the charset parameter, lower case and unquoted; "" when there is none.
std::string charset_of(std::string_view content_type) {
  std::string_view rest = content_type;
  for (auto semi = rest.find(';'); semi != std::string_view::npos; semi = rest.find(';')) {
    rest.remove_prefix(semi + 1);
    std::string parameter = lower_without_blanks(rest.substr(0, rest.find(';')));
    if (parameter.starts_with("charset=")) {
      std::string value = parameter.substr(8);
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      return value;
    }
  }
  return {};
}

Response unsupported(std::string message) {
  return Response::error_envelope(415, "unsupported_media_type", std::move(message));
}

}  // namespace

bool is_json_content_type(std::string_view content_type) {
  std::string media = media_type_of(content_type);
  if (media == "application/json") return true;
  return media.starts_with("application/") && media.ends_with("+json");
}

bool is_read_as_json(std::optional<std::string_view> content_type) {
  if (!content_type) return true;
  std::string media = media_type_of(*content_type);
  return media.empty() || media == "*/*" || is_json_content_type(*content_type);
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
  if (!is_read_as_json(content_type)) {
    return unsupported("Unsupported media type \"" +
                       std::string(content_type->substr(0, content_type->find(';'))) +
                       "\" in request.");
  }
  if (content_type) {
    std::string charset = charset_of(*content_type);
    if (!charset.empty() && charset != "utf-8" && charset != "utf8") {
      return unsupported("Unsupported charset \"" + charset + "\": send UTF-8.");
    }
  }
  return std::nullopt;
}

}  // namespace mamon::http
