// Cross-site request forgery defences of the website (WEB.md §1 "CSRF"; OWASP CSRF Prevention
// Cheat Sheet). Every POST carries a token (form field `csrf_token`, or header X-CSRF-Token for
// scripts):
//  - logged in: the session's random token (web_sessions_service.h), compared in constant time;
//  - before login (the login and language forms): a signed double-submit token. The server puts
//    "<nonce>.<HMAC-SHA-512/256(SECRET_KEY, nonce)>" in the HttpOnly cookie mamon_csrf and in the
//    form; a POST is accepted when the two are equal and the signature verifies. A cookie planted
//    by a sibling subdomain fails the signature; a forged form cannot read the cookie.
// Plus origin_allowed(): a POST's Origin (or, without one, its Referer), when sent, must be our
// origin. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "base/config.h"
#include "http/request.h"

namespace mamon::http::web {

inline constexpr std::string_view kCsrfField = "csrf_token";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

// A new signed pre-login token (64 hex nonce, ".", 64 hex MAC).
std::string new_signed_csrf_token(std::string_view secret_key);
// True if `token` is "<nonce>.<mac>" with a valid MAC under `secret_key`.
bool verify_signed_csrf_token(std::string_view secret_key, std::string_view token);

// Constant-time equality of two tokens (false when the lengths differ or either is empty).
bool tokens_equal(std::string_view a, std::string_view b);

// The origin pages are served from: PUBLIC_URL's scheme://host[:port] when PUBLIC_URL was set
// explicitly, else "http://" + the request's Host header (http: a server without PUBLIC_URL is
// plain local development).
std::string expected_origin(const Request& request, const Config& config);

// True when the request sends neither Origin nor Referer, or the one it sends (Origin first)
// has expected_origin(). "Origin: null" is refused.
bool origin_allowed(const Request& request, const Config& config);

}  // namespace mamon::http::web
