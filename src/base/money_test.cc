#include "base/money.h"

#include <gtest/gtest.h>

#include "base/limits.h"

namespace mamon {
namespace {

std::int64_t parsed(std::string_view text) {
  auto r = Cents::parse(text);
  EXPECT_TRUE(r.ok()) << text;
  return r.ok() ? r->value() : -999999;
}

TEST(CentsParse, AcceptsWholeAndDecimalEuros) {
  EXPECT_EQ(parsed("0"), 0);
  EXPECT_EQ(parsed("12"), 1200);
  EXPECT_EQ(parsed("12.3"), 1230);
  EXPECT_EQ(parsed("12.35"), 1235);
  EXPECT_EQ(parsed("0.01"), 1);
  EXPECT_EQ(parsed("-0.50"), -50);
  EXPECT_EQ(parsed("1000000.00"), limits::kMoneyAbsMaxCents);
}

TEST(CentsParse, RejectsWhatIsNotAnExactAmount) {
  for (const char* bad : {"", "-", "12.", ".5", "12.345", "1.005", "1e3", "+5", " 5", "5 ", "abc",
                          "12,50", "007", "1.2.3", "NaN", "inf", "1000000.01",
                          "99999999999999999999", "--1"}) {
    auto r = Cents::parse(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidAmount) << bad;
  }
}

TEST(CentsFormat, AlwaysTwoDecimals) {
  EXPECT_EQ(Cents(0).to_string(), "0.00");
  EXPECT_EQ(Cents(5).to_string(), "0.05");
  EXPECT_EQ(Cents(1235).to_string(), "12.35");
  EXPECT_EQ(Cents(-50).to_string(), "-0.50");
  EXPECT_EQ(Cents(INT64_MIN).to_string(), "-92233720368547758.08");
}

TEST(CentsArithmetic, IsChecked) {
  EXPECT_EQ(Cents(1).plus(Cents(2))->value(), 3);
  EXPECT_EQ(Cents(1).minus(Cents(2))->value(), -1);
  EXPECT_EQ(Cents(250).times(4)->value(), 1000);
  EXPECT_FALSE(Cents(INT64_MAX).plus(Cents(1)).ok());
  EXPECT_FALSE(Cents(INT64_MIN).minus(Cents(1)).ok());
  EXPECT_FALSE(Cents(INT64_MAX / 2).times(3).ok());
}

TEST(CentsParseRounding, RoundsLegacyFloatsHalfAwayFromZero) {
  bool rounded = false;
  EXPECT_EQ(Cents::parse_rounding("884.8430000000001", &rounded)->value(), 88484);
  EXPECT_TRUE(rounded);
  EXPECT_EQ(Cents::parse_rounding("0.571107282910237", &rounded)->value(), 57);
  EXPECT_EQ(Cents::parse_rounding("13965.214302995568", &rounded)->value(), 1396521);
  EXPECT_EQ(Cents::parse_rounding("0.005", &rounded)->value(), 1);
  EXPECT_EQ(Cents::parse_rounding("-0.005", &rounded)->value(), -1);
  EXPECT_EQ(Cents::parse_rounding("0.0049", &rounded)->value(), 0);
  EXPECT_EQ(Cents::parse_rounding("1e-05", &rounded)->value(), 0);
  EXPECT_TRUE(rounded);
  EXPECT_EQ(Cents::parse_rounding("2.5e1", &rounded)->value(), 2500);
  EXPECT_EQ(Cents::parse_rounding("20.0", &rounded)->value(), 2000);
  EXPECT_FALSE(rounded);
  EXPECT_EQ(Cents::parse_rounding("21.00", &rounded)->value(), 2100);
  EXPECT_FALSE(rounded);
  EXPECT_FALSE(Cents::parse_rounding("1e20", &rounded).ok());
  EXPECT_FALSE(Cents::parse_rounding("abc", &rounded).ok());
  EXPECT_FALSE(Cents::parse_rounding("", &rounded).ok());
}

}  // namespace
}  // namespace mamon
