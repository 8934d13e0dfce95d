// Every key in both languages, every template key in the catalogues, every error code shown.
#include "http/web/catalogue.h"

#include <gtest/gtest.h>

#include <set>

#include "http/web/embedded_web_files.h"
#include "http/web/templates.h"

namespace mamon::http::web {
namespace {

TEST(Catalogue, BothLanguagesHaveTheSameKeys) {
  const Catalogue& c = Catalogue::embedded();
  EXPECT_FALSE(c.keys(Language::kNl).empty());
  for (const std::string& key : c.keys(Language::kNl)) {
    EXPECT_TRUE(c.has(Language::kEn, key)) << key << " is missing in en.json";
  }
  for (const std::string& key : c.keys(Language::kEn)) {
    EXPECT_TRUE(c.has(Language::kNl, key)) << key << " is missing in nl.json";
  }
}

TEST(Catalogue, EveryTemplateKeyExists) {
  const Catalogue& c = Catalogue::embedded();
  int used = 0;
  for (const WebFile& file : web_template_files()) {
    for (const std::string& key : Templates::catalogue_keys_used(file.bytes)) {
      ++used;
      EXPECT_TRUE(c.has(Language::kNl, key)) << file.name << " uses " << key << " (nl)";
      EXPECT_TRUE(c.has(Language::kEn, key)) << file.name << " uses " << key << " (en)";
    }
  }
  EXPECT_GT(used, 10);
}

TEST(Catalogue, EveryErrorCodeHasAText) {
  const Catalogue& c = Catalogue::embedded();
  for (int i = 0; i <= static_cast<int>(ErrorCode::kMalformedRecord); ++i) {
    const std::string key = "error." + std::string(error_code_name(static_cast<ErrorCode>(i)));
    EXPECT_TRUE(c.has(Language::kNl, key)) << key;
    EXPECT_TRUE(c.has(Language::kEn, key)) << key;
  }
  EXPECT_EQ(error_text(c, Language::kEn, make_error(ErrorCode::kInsufficientFunds, "x")),
            "The balance is too low.");
}

TEST(Catalogue, FormatAndMissingKeys) {
  auto c = Catalogue::parse(
      {{Language::kNl, R"({"a": "{n} van {m}, {n}"})"}, {Language::kEn, R"({"a": "{n} of {m}"})"}});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->format(Language::kNl, "a", {{"n", "1"}, {"m", "2"}}), "1 van 2, 1");
  EXPECT_EQ(c->text(Language::kEn, "missing.key"), "missing.key");
  EXPECT_FALSE(Catalogue::parse({{Language::kNl, R"({"a": 1})"}}).ok());
  EXPECT_FALSE(Catalogue::parse({{Language::kNl, "not json"}}).ok());
}

TEST(Catalogue, AcceptLanguage) {
  EXPECT_EQ(negotiate_language(""), Language::kNl);
  EXPECT_EQ(negotiate_language("en-GB,en;q=0.9"), Language::kEn);
  EXPECT_EQ(negotiate_language("de,en;q=0.5,nl;q=0.8"), Language::kNl);
  EXPECT_EQ(negotiate_language("fr, de"), Language::kNl);
  EXPECT_EQ(negotiate_language("en;q=0"), Language::kNl);
  EXPECT_EQ(parse_language("EN-us"), Language::kEn);
  EXPECT_FALSE(parse_language("english"));
}

}  // namespace
}  // namespace mamon::http::web
