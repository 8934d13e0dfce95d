// Cookies of the website (RFC 6265): reading the Cookie header, writing Set-Cookie. The names:
//   mamon_session  the session id (HttpOnly; web_sessions_service.h)
//   mamon_csrf     the signed pre-login CSRF token (HttpOnly; csrf.h)
//   mamon_lang     the chosen language, "nl"/"en"
//   mamon_flash    the catalogue key of a one-time message after a redirect ("flash.logged_in")
// All are Path=/, SameSite=Lax and Secure when PUBLIC_URL is https. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http/request.h"

namespace mamon::http::web {

inline constexpr std::string_view kSessionCookie = "mamon_session";
inline constexpr std::string_view kCsrfCookie = "mamon_csrf";
inline constexpr std::string_view kLanguageCookie = "mamon_lang";
inline constexpr std::string_view kFlashCookie = "mamon_flash";

// The value of cookie `name` in the request's Cookie header(s), or none.
std::optional<std::string> cookie_value(const Request& request, std::string_view name);

struct CookieOptions {
  bool secure = false;                    // PUBLIC_URL is https
  bool http_only = true;                  // scripts never need ours
  std::optional<std::int64_t> max_age_s;  // none: a browser-session cookie
};

// "name=value; Path=/; Max-Age=N; HttpOnly; Secure; SameSite=Lax". The value must be a cookie
// token (ours are hex, language codes and catalogue keys; CHECK).
std::string set_cookie_header(std::string_view name, std::string_view value,
                              const CookieOptions& options);
// A Set-Cookie that deletes `name` (empty value, Max-Age=0).
std::string clear_cookie_header(std::string_view name, bool secure);

}  // namespace mamon::http::web
