#include "http/web/cookies.h"

#include "base/check.h"

namespace mamon::http::web {
namespace {

bool is_cookie_value(std::string_view value) {
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f || c == '"' || c == ',' || c == ';' || c == '\\') return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> cookie_value(const Request& request, std::string_view name) {
  for (const auto& [header, value] : request.headers.entries()) {
    if (!iequals(header, "Cookie")) continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      auto semicolon = rest.find(';');
      std::string_view pair = trim_blanks(rest.substr(0, semicolon));
      rest = semicolon == std::string_view::npos ? std::string_view() : rest.substr(semicolon + 1);
      auto eq = pair.find('=');
      if (eq == std::string_view::npos || trim_blanks(pair.substr(0, eq)) != name) continue;
      std::string_view v = trim_blanks(pair.substr(eq + 1));
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      return std::string(v);
    }
  }
  return std::nullopt;
}

std::string set_cookie_header(std::string_view name, std::string_view value,
                              const CookieOptions& options) {
  MAMON_CHECK_MSG(is_cookie_value(value), "cookie values are tokens");
  std::string header(name);
  header.append("=").append(value).append("; Path=/");
  if (options.max_age_s) header.append("; Max-Age=").append(std::to_string(*options.max_age_s));
  if (options.http_only) header.append("; HttpOnly");
  if (options.secure) header.append("; Secure");
  header.append("; SameSite=Lax");
  return header;
}

std::string clear_cookie_header(std::string_view name, bool secure) {
  return set_cookie_header(name, "", CookieOptions{secure, true, 0});
}

}  // namespace mamon::http::web
