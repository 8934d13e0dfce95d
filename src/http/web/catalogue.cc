#include "http/web/catalogue.h"

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "base/check.h"
#include "http/web/embedded_web_files.h"

namespace mamon::http::web {
namespace {

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// q-value of one Accept-Language element's parameters ("q=0.8"); 1 when absent.
double q_value(std::string_view params) {
  auto q = params.find("q=");
  if (q == std::string_view::npos) return 1.0;
  std::string number(params.substr(q + 2));
  char* end = nullptr;
  double value = std::strtod(number.c_str(), &end);
  if (end == number.c_str()) return 0.0;
  return value;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string_view language_code(Language language) {
  return language == Language::kEn ? "en" : "nl";
}

std::optional<Language> parse_language(std::string_view code) {
  std::string primary;
  for (char c : code.substr(0, code.find_first_of("-_"))) primary.push_back(lower(c));
  if (primary == "nl") return Language::kNl;
  if (primary == "en") return Language::kEn;
  return std::nullopt;
}

const std::vector<Language>& all_languages() {
  static const std::vector<Language> languages = {Language::kNl, Language::kEn};
  return languages;
}

Language negotiate_language(std::string_view header) {
  std::optional<Language> best;
  double best_q = 0.0;
  while (!header.empty()) {
    auto comma = header.find(',');
    std::string_view element = trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    auto semicolon = element.find(';');
    std::string_view tag = trim(element.substr(0, semicolon));
    double q = semicolon == std::string_view::npos ? 1.0 : q_value(element.substr(semicolon));
    std::optional<Language> language = parse_language(tag);
    if (language && q > best_q) {
      best = language;
      best_q = q;
    }
  }
  return best.value_or(kDefaultLanguage);
}

Result<Catalogue> Catalogue::parse(const std::map<Language, std::string_view>& documents) {
  Catalogue catalogue;
  for (const auto& [language, text] : documents) {
    const std::string name(language_code(language));
    nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!doc.is_object()) {
      return make_error(ErrorCode::kInvalidInput, "catalogue " + name + " is not a JSON object");
    }
    auto& texts = catalogue.texts_[language];
    for (const auto& [key, value] : doc.items()) {
      if (!value.is_string()) {
        return make_error(ErrorCode::kInvalidInput,
                          "catalogue " + name + ": " + key + " is not a string");
      }
      texts.emplace(key, value.get<std::string>());
    }
  }
  return catalogue;
}

const Catalogue& Catalogue::embedded() {
  static const Catalogue catalogue = [] {
    std::map<Language, std::string_view> documents;
    for (const WebFile& file : web_catalogue_files()) {
      std::string_view stem = file.name.substr(0, file.name.find('.'));
      std::optional<Language> language = parse_language(stem);
      MAMON_CHECK_MSG(language.has_value(), "web/i18n holds a file of an unknown language");
      documents[*language] = file.bytes;
    }
    Result<Catalogue> parsed = parse(documents);
    MAMON_CHECK_MSG(parsed.ok(), "the embedded web/i18n catalogues do not parse");
    return std::move(parsed).value();
  }();
  return catalogue;
}

bool Catalogue::has(Language language, std::string_view key) const {
  auto texts = texts_.find(language);
  return texts != texts_.end() && texts->second.find(key) != texts->second.end();
}

std::string Catalogue::text(Language language, std::string_view key) const {
  auto texts = texts_.find(language);
  if (texts == texts_.end()) return std::string(key);
  auto it = texts->second.find(key);
  return it == texts->second.end() ? std::string(key) : it->second;
}

std::string Catalogue::format(Language language, std::string_view key,
                              const TextParams& params) const {
  std::string out = text(language, key);
  for (const auto& [name, value] : params) {
    const std::string placeholder = "{" + name + "}";
    for (auto at = out.find(placeholder); at != std::string::npos;
         at = out.find(placeholder, at + value.size())) {
      out.replace(at, placeholder.size(), value);
    }
  }
  return out;
}

std::vector<std::string> Catalogue::keys(Language language) const {
  std::vector<std::string> keys;
  auto texts = texts_.find(language);
  if (texts == texts_.end()) return keys;
  for (const auto& [key, text] : texts->second) keys.push_back(key);
  return keys;
}

std::string error_text(const Catalogue& catalogue, Language language, const Error& error) {
  return catalogue.text(language, "error." + std::string(error_code_name(error.code)));
}

}  // namespace mamon::http::web
