// Rendering web/templates/*.mustache (embedded at build time) with kainjow mustache, which
// HTML-escapes {{value}} by default ({{{raw}}} only for HTML we rendered ourselves: the layout's
// page content). Templates hold loops and conditionals only; the view is a plain JSON tree
// (nlohmann::json, built in C++ from a page's view-model struct): objects, arrays, strings,
// booleans (numbers are shown as their decimal text, null as false).
//
// Catalogue texts: {{#t}}login.title{{/t}} is the text of key login.title in the page's
// language, HTML-escaped. Partials: every template whose name starts with "_" is a partial,
// {{> _flash}}. Templates are parsed once at construction; CHECK that each parses.
// Immutable after construction; thread-safe.
#pragma once

#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "http/web/catalogue.h"

namespace mamon::http::web {

class Templates {
 public:
  // The embedded templates.
  Templates();

  // The output of template `name` ("login" for login.mustache) for `view`. An unknown template
  // name is a programmer error (CHECK).
  std::string render(std::string_view name, const nlohmann::json& view, Language language,
                     const Catalogue& catalogue) const;

  bool has(std::string_view name) const;

  // Every catalogue key a template names with {{#t}}key{{/t}} (for the completeness test).
  static std::vector<std::string> catalogue_keys_used(std::string_view template_text);

 private:
  std::map<std::string, std::string, std::less<>> texts_;  // name without ".mustache" → text
};

// HTML-escapes & < > " ' (what the templates' {{ }} does), for text C++ puts into raw HTML.
std::string html_escape(std::string_view text);

}  // namespace mamon::http::web
