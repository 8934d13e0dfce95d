#include "http/web/next_path.h"

#include "base/limits.h"

namespace mamon::http::web {

bool is_local_path(std::string_view next) {
  if (next.empty() || next.size() > limits::kWebNextPathLengthMax) return false;
  if (next.front() != '/') return false;
  if (next.find("//") != std::string_view::npos) return false;
  for (char c : next) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\\' || u < 0x21 || u == 0x7f) return false;
  }
  // No scheme can hide after a leading "/", but "/:" tricks and encoded slashes are refused too.
  const std::string_view path = next.substr(0, next.find_first_of("?#"));
  if (path.find("%2f") != std::string_view::npos || path.find("%2F") != std::string_view::npos ||
      path.find("%5c") != std::string_view::npos || path.find("%5C") != std::string_view::npos) {
    return false;
  }
  return true;
}

std::string safe_next(std::string_view next, std::string_view fallback) {
  return std::string(is_local_path(next) ? next : fallback);
}

std::string encode_query_value(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
                            c == '~' || c == '/';
    if (unreserved) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0xf]);
    }
  }
  return out;
}

std::string path_with_query(const Request& request) {
  std::string target = request.path;
  if (!request.query_string.empty()) target.append("?").append(request.query_string);
  return target;
}

std::string login_url_for(const Request& request) {
  return "/login/?next=" + encode_query_value(path_with_query(request));
}

}  // namespace mamon::http::web
