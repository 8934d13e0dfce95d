#include "http/web/templates.h"

#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>

#include "base/check.h"
#include "http/web/embedded_web_files.h"

namespace mamon::http::web {
namespace {

namespace mustache = kainjow::mustache;

constexpr std::string_view kSuffix = ".mustache";

mustache::data to_data(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      mustache::data object{mustache::data::type::object};
      for (const auto& [key, item] : value.items()) object.set(key, to_data(item));
      return object;
    }
    case nlohmann::json::value_t::array: {
      mustache::data list{mustache::data::type::list};
      for (const auto& item : value) list.push_back(to_data(item));
      return list;
    }
    case nlohmann::json::value_t::string:
      return mustache::data(value.get<std::string>());
    case nlohmann::json::value_t::boolean:
      return mustache::data(value.get<bool>());
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      return mustache::data(value.dump());
    default:
      return mustache::data(false);
  }
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out.append("&amp;");
        break;
      case '<':
        out.append("&lt;");
        break;
      case '>':
        out.append("&gt;");
        break;
      case '"':
        out.append("&quot;");
        break;
      case '\'':
        out.append("&#39;");
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

Templates::Templates() {
  for (const WebFile& file : web_template_files()) {
    if (!file.name.ends_with(kSuffix)) continue;
    std::string name(file.name.substr(0, file.name.size() - kSuffix.size()));
    mustache::mustache parsed{std::string(file.bytes)};
    MAMON_CHECK_MSG(parsed.is_valid(), "a web template does not parse");
    texts_.emplace(std::move(name), std::string(file.bytes));
  }
}

bool Templates::has(std::string_view name) const {
  return texts_.find(name) != texts_.end();
}

std::string Templates::render(std::string_view name, const nlohmann::json& view, Language language,
                              const Catalogue& catalogue) const {
  auto it = texts_.find(name);
  MAMON_CHECK_MSG(it != texts_.end(), "unknown web template");
  mustache::data data = to_data(view.is_object() ? view : nlohmann::json::object());
  data.set("t", mustache::lambda{[&catalogue, language](const std::string& key) {
             return html_escape(catalogue.text(language, key));
           }});
  for (const auto& [partial_name, text] : texts_) {
    if (!partial_name.starts_with("_")) continue;
    const std::string* partial_text = &text;
    data.set(partial_name, mustache::partial{[partial_text] { return *partial_text; }});
  }
  mustache::mustache tmpl{it->second};
  std::string out = tmpl.render(data);
  MAMON_CHECK_MSG(tmpl.is_valid(), "a web template failed to render");
  return out;
}

std::vector<std::string> Templates::catalogue_keys_used(std::string_view text) {
  std::vector<std::string> keys;
  constexpr std::string_view kOpen = "{{#t}}";
  constexpr std::string_view kClose = "{{/t}}";
  for (auto at = text.find(kOpen); at != std::string_view::npos; at = text.find(kOpen, at)) {
    at += kOpen.size();
    auto end = text.find(kClose, at);
    if (end == std::string_view::npos) break;
    keys.push_back(std::string(text.substr(at, end - at)));
    at = end;
  }
  return keys;
}

}  // namespace mamon::http::web
