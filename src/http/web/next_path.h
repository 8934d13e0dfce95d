// The `next` of /login/?next=... and of the language form: where to go after the action. Only a
// local path is accepted (an open redirect would let a phishing mail send members from our login
// page to a look-alike). Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "http/request.h"

namespace mamon::http::web {

inline constexpr std::string_view kHomePath = "/home/";

// True for "/x..." paths: a single leading "/", no "//" anywhere (no protocol-relative URL and
// no path a browser might read as one), no backslash (browsers treat "\" as "/"), no control
// characters or spaces, no scheme, at most limits::kWebNextPathLengthMax bytes.
bool is_local_path(std::string_view next);

// `next` when is_local_path(next), else `fallback`.
std::string safe_next(std::string_view next, std::string_view fallback = kHomePath);

// The request's path plus its query ("/board/?start=2024-01-01"), for ?next= links.
std::string path_with_query(const Request& request);

// "/login/?next=<percent-encoded path_with_query>".
std::string login_url_for(const Request& request);

// Percent-encodes `text` for a query value (unreserved characters stay).
std::string encode_query_value(std::string_view text);

}  // namespace mamon::http::web
