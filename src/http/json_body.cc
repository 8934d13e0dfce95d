#include "http/json_body.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

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

// Thrown by the parser callback to stop at the first duplicate key; caught below.
struct DuplicateKey {
  std::string key;
};

// Refuses an object that names a key twice: nlohmann keeps the last one silently, so
// {"amount":1,"amount":900} would top up 900 while a log or a proxy shows 1.
class DuplicateKeyGuard {
 public:
  bool operator()(int /*depth*/, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    using Event = nlohmann::json::parse_event_t;
    if (event == Event::object_start) {
      keys_.emplace_back();
    } else if (event == Event::object_end) {
      keys_.pop_back();
    } else if (event == Event::key) {
      const std::string& key = parsed.get_ref<const std::string&>();
      if (!keys_.back().insert(key).second) throw DuplicateKey{key};
    }
    return true;
  }

 private:
  std::vector<std::set<std::string, std::less<>>> keys_;
};

// The path of the first string (value or key) holding a NUL character, "" if there is none.
std::optional<std::string> find_nul(const nlohmann::json& value, const std::string& path) {
  auto join = [&](std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
  };
  if (value.is_string()) {
    if (value.get_ref<const std::string&>().find('\0') != std::string::npos) return path;
  } else if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      if (key.find('\0') != std::string::npos) return join("(key)");
      if (auto found = find_nul(item, join(key))) return found;
    }
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (auto found = find_nul(value[i], path + "[" + std::to_string(i) + "]")) return found;
    }
  }
  return std::nullopt;
}

}  // namespace

Result<nlohmann::json> parse_json_body(const Request& request) {
  if (request.body.find_first_not_of(" \t\r\n") == std::string::npos) {
    return nlohmann::json::object();
  }
  if (nesting_depth(request.body) > kJsonDepthMax) {
    return invalid_json("JSON parse error - nesting is too deep.");
  }
  nlohmann::json body;
  try {
    body = nlohmann::json::parse(request.body, DuplicateKeyGuard());
  } catch (const DuplicateKey& duplicate) {
    return invalid_json("JSON parse error - the key \"" + duplicate.key.substr(0, 64) +
                        "\" appears twice in one object.");
  } catch (const nlohmann::json::exception& e) {
    return invalid_json("JSON parse error - " + short_parse_message(e.what()));
  }
  // Text with a NUL byte is refused here, for every field at once, before it reaches a database
  // (SQLite and PostgreSQL both refuse it, with messages that name the backend).
  if (auto field = find_nul(body, "")) {
    return make_error(ErrorCode::kInvalidInput, "Text may not contain a NUL character.",
                      field->empty() ? std::string("body") : *field);
  }
  return body;
}

}  // namespace mamon::http
