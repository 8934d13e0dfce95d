#include "http/json_body.h"

#include <nlohmann/json.hpp>
#include <string_view>

#include "http/api/json_errors.h"

namespace mamon::http {
namespace {

Error invalid_json(std::string message) {
  return make_error(ErrorCode::kInvalidJson, std::move(message));
}

// Nesting depth of brackets outside strings; a cheap pass that bounds the parser's work.
int nesting_depth(std::string_view text) {
  int depth = 0;
  int depth_max = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      depth_max = std::max(depth_max, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return depth_max;
}

// nlohmann's messages start with "[json.exception.parse_error.101] "; the rest is useful.
std::string short_parse_message(const char* what) {
  std::string_view m(what);
  if (!m.empty() && m.front() == '[') {
    auto close = m.find("] ");
    if (close != std::string_view::npos) m.remove_prefix(close + 2);
  }
  return std::string(m);
}

}  // namespace

Result<nlohmann::json> parse_json_body(const Request& request) {
  if (request.body.find_first_not_of(" \t\r\n") == std::string::npos) {
    return nlohmann::json::object();
  }
  if (nesting_depth(request.body) > kJsonDepthMax) {
    return invalid_json("JSON parse error - nesting is too deep.");
  }
  try {
    return nlohmann::json::parse(request.body);
  } catch (const nlohmann::json::exception& e) {
    return invalid_json("JSON parse error - " + short_parse_message(e.what()));
  }
}

}  // namespace mamon::http
