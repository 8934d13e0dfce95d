#include "domain/colours.h"

#include <gtest/gtest.h>

namespace mamon::domain {
namespace {

TEST(Colours, ParsesOnlySixDigitHex) {
  ASSERT_TRUE(parse_hex_colour("#FFcc00").has_value());
  EXPECT_EQ(parse_hex_colour("#FFcc00")->g, 0xcc);
  EXPECT_FALSE(parse_hex_colour("FFCC00").has_value());
  EXPECT_FALSE(parse_hex_colour("#FFCC0").has_value());
  EXPECT_FALSE(parse_hex_colour("#GGCC00").has_value());
  EXPECT_FALSE(parse_hex_colour("").has_value());
}

TEST(Colours, ContrastRatiosAreWcags) {
  EXPECT_NEAR(contrast_ratio({0, 0, 0}, {255, 255, 255}), 21.0, 1e-9);
  EXPECT_NEAR(contrast_ratio({255, 255, 255}, {255, 255, 255}), 1.0, 1e-9);
  // WCAG's own example figure: #777777 on white is about 4.48:1.
  EXPECT_NEAR(contrast_ratio({0x77, 0x77, 0x77}, {255, 255, 255}), 4.48, 0.01);
}

TEST(Colours, TheTextColourIsTheOneThatContrastsMore) {
  EXPECT_EQ(text_colour_for("#FFCC00"), "#000000");  // the yellow beer tile
  EXPECT_EQ(text_colour_for("#ffffff"), "#000000");
  EXPECT_EQ(text_colour_for("#AA0000"), "#ffffff");
  EXPECT_EQ(text_colour_for("#000080"), "#ffffff");
  EXPECT_EQ(text_colour_for("not a colour"), "#000000");
  // Whatever the background, the chosen text reaches at least 4.5:1 (AA) on these tiles.
  for (const char* bg : {"#FFCC00", "#AA0000", "#1E7B34", "#3273DC", "#808080", "#FF8800"}) {
    const Rgb text = *parse_hex_colour(text_colour_for(bg));
    EXPECT_GE(contrast_ratio(*parse_hex_colour(bg), text), 4.5) << bg;
  }
}

}  // namespace
}  // namespace mamon::domain
