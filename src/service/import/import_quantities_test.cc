// The exact conversions of the newest schema's floats (stock quantities and product units into
// smallest steps) and the split of a client application's old `paths` text.
#include <gtest/gtest.h>

#include "service/import/field_reader.h"
#include "service/import/import_plan.h"

namespace mamon::service::import {
namespace {

std::int64_t steps(std::string_view text, int decimals, bool* rounded = nullptr) {
  auto result = decimal_steps(text, decimals, rounded);
  EXPECT_TRUE(result.ok()) << text << ": " << result.error().message;
  return result.ok() ? *result : -1;
}

TEST(DecimalSteps, ConvertsTheOldFloatsExactly) {
  EXPECT_EQ(steps("0.25", 3), 250);  // a glass of 0.25 liter is 250 ml
  EXPECT_EQ(steps("1.8", 3), 1800);  // no 1799.9999: the text is converted, not the double
  EXPECT_EQ(steps("480.5", 3), 480500);
  EXPECT_EQ(steps("40.0", 3), 40000);
  EXPECT_EQ(steps("3", 3), 3000);
  EXPECT_EQ(steps("-12.5", 3), -12500);
  EXPECT_EQ(steps("1e-05", 3), 0);
  EXPECT_EQ(steps("2.5E2", 0), 250);  // grams: the step is one gram
  EXPECT_EQ(steps("0", 3), 0);
}

TEST(DecimalSteps, RoundsHalfAwayFromZeroAndSaysSo) {
  bool rounded = false;
  EXPECT_EQ(steps("0.30000000000000004", 3, &rounded), 300);
  EXPECT_TRUE(rounded);
  EXPECT_EQ(steps("0.0005", 3, &rounded), 1);
  EXPECT_TRUE(rounded);
  EXPECT_EQ(steps("-0.0005", 3, &rounded), -1);
  EXPECT_EQ(steps("12.4", 0, &rounded), 12);
  EXPECT_TRUE(rounded);
  EXPECT_EQ(steps("0.250", 3, &rounded), 250);
  EXPECT_FALSE(rounded);
}

TEST(DecimalSteps, RefusesWhatIsNotAQuantity) {
  for (const char* bad :
       {"", "abc", "1.2.3", "1e", "1e+", "0x10", "1,5", "1e99999", "1000000000000000"}) {
    EXPECT_FALSE(decimal_steps(bad, 3, nullptr).ok()) << bad;
  }
}

TEST(ClientPaths, SplitOnCommasAndNewlines) {
  using Paths = std::vector<std::string>;
  EXPECT_EQ(split_client_paths("^/api/holders/.*$,\n^/api/products/?$"),
            (Paths{"^/api/holders/.*$", "^/api/products/?$"}));
  EXPECT_EQ(split_client_paths("^/a$\r\n^/b$\n\n, ^/c$ ,"), (Paths{"^/a$", "^/b$", "^/c$"}));
  EXPECT_EQ(split_client_paths(""), Paths{});
  EXPECT_EQ(split_client_paths(" ,\n"), Paths{});
}

}  // namespace
}  // namespace mamon::service::import
