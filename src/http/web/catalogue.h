// The website's languages and their string catalogues (web/i18n/<code>.json: one flat object of
// "key": "text", embedded at build time). Every user-visible string of a page goes through here:
// templates name keys ({{#t}}login.title{{/t}}, templates.h), C++ calls text()/format(). Service
// errors are shown by their code: the key "error.<code>" (error_code_name), never the English
// Error::message the API sends.
//
// Texts may hold "{name}" placeholders filled by format(). A key missing from a language is a
// bug caught by catalogue_test.cc; at run time it shows the key itself (visible, not a crash).
// Immutable after construction; thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/error.h"
#include "base/result.h"

namespace mamon::http::web {

enum class Language { kNl, kEn };
inline constexpr Language kDefaultLanguage = Language::kNl;  // WEB.md §1: Dutch first

// "nl" / "en".
std::string_view language_code(Language language);
// "nl", "en" (also "NL", "en-GB"); none for anything else.
std::optional<Language> parse_language(std::string_view code);
// Every language, in the order the language switch shows them.
const std::vector<Language>& all_languages();

// The best language of an Accept-Language header (RFC 9110 §12.5.4: q-values, the first of equal
// weight wins, "q=0" refuses); kDefaultLanguage when none of ours is acceptable.
Language negotiate_language(std::string_view accept_language);

using TextParams = std::vector<std::pair<std::string, std::string>>;

class Catalogue {
 public:
  // Parses one JSON document per language (an object of string values). Error kInvalidInput
  // naming the language when a document is malformed or a value is not a string.
  static Result<Catalogue> parse(const std::map<Language, std::string_view>& documents);

  // The catalogue built from the embedded web/i18n/*.json (parsed once; CHECK that it parses).
  static const Catalogue& embedded();

  bool has(Language language, std::string_view key) const;
  // The text of `key`, or the key itself when it is missing.
  std::string text(Language language, std::string_view key) const;
  // text() with every "{name}" replaced by its value (values are not escaped here: templates
  // escape them).
  std::string format(Language language, std::string_view key, const TextParams& params) const;
  // Every key of `language`, sorted.
  std::vector<std::string> keys(Language language) const;

 private:
  std::map<Language, std::map<std::string, std::string, std::less<>>> texts_;
};

// The page text for a service error: "error.<code>" of its code.
std::string error_text(const Catalogue& catalogue, Language language, const Error& error);

}  // namespace mamon::http::web
