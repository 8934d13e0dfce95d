// The website's files compiled into `mamon` (cmake/embed_incbin.cmake, src/http/CMakeLists.txt):
// nothing is read from disk or fetched at run time. The bytes live
// for the whole process. Thread-safe.
#pragma once

#include <string_view>
#include <vector>

namespace mamon::http::web {

struct WebFile {
  std::string_view name;    // relative to its folder: "mamon.css", "layout.mustache", "nl.json"
  std::string_view bytes;   // the content (binary-safe)
  std::string_view sha256;  // hex SHA-256 of the content (hashed asset URLs)
};

// web/static/* plus bulma.min.css (Debian sass-stylesheets-bulma) and chart.min.js (Debian
// libjs-chart.js), served under /static/<hash>/<name> (assets.h).
const std::vector<WebFile>& web_static_files();
// web/templates/*.mustache (templates.h).
const std::vector<WebFile>& web_template_files();
// web/i18n/*.json (catalogue.h).
const std::vector<WebFile>& web_catalogue_files();

}  // namespace mamon::http::web
