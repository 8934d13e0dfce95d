// The website's static files (embedded_web_files.h) under content-hashed URLs:
// "/static/<first 16 hex of SHA-256>/<name>", answered with
// "Cache-Control: public, max-age=31536000, immutable": a changed file gets a new URL, so a
// browser may keep every URL forever. Templates get the URLs through the layout view (`asset`
// object: {{asset.bulma_css}}, see page.h). Immutable; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/web/embedded_web_files.h"

namespace mamon::http::web {

inline constexpr std::string_view kStaticCacheControl = "public, max-age=31536000, immutable";

// The hashed URL of the embedded static file `name` ("mamon.css"). An unknown name is a
// programmer error (CHECK).
std::string asset_url(std::string_view name);

// The file served at /static/<hash>/<name>: none unless the hash is the file's current one.
std::optional<WebFile> find_asset(std::string_view hash, std::string_view name);

// Content-Type by extension (css, js, png, svg, ico, woff2, map; else application/octet-stream).
std::string_view asset_content_type(std::string_view name);

}  // namespace mamon::http::web
