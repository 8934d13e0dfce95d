#include "base/text.h"

#include <gtest/gtest.h>

namespace mamon {
namespace {

TEST(Trimmed, StripsSpacesTabsAndLineEndsOnBothSides) {
  EXPECT_EQ(trimmed("  a b \t\r\n"), "a b");
  EXPECT_EQ(trimmed("\n\tx"), "x");
  EXPECT_EQ(trimmed(" \t\r\n"), "");
  EXPECT_EQ(trimmed(""), "");
  EXPECT_EQ(trimmed("a\u00a0"), "a\u00a0");  // only ASCII white space
}

}  // namespace
}  // namespace mamon
