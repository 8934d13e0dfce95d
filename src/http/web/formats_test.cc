#include "http/web/formats.h"

#include <gtest/gtest.h>

#include "base/clock.h"

namespace mamon::http::web {
namespace {

TEST(Formats, MoneyPerLanguage) {
  EXPECT_EQ(format_cents(123450, Language::kNl), "€ 1.234,50");
  EXPECT_EQ(format_cents(123450, Language::kEn), "€1,234.50");
  EXPECT_EQ(format_cents(-123450, Language::kNl), "€ -1.234,50");
  EXPECT_EQ(format_cents(-123450, Language::kEn), "-€1,234.50");
  EXPECT_EQ(format_cents(0, Language::kNl), "€ 0,00");
  EXPECT_EQ(format_cents(-5, Language::kEn), "-€0.05");
  EXPECT_EQ(format_cents(100'000'000, Language::kNl), "€ 1.000.000,00");
  EXPECT_EQ(format_cents(INT64_MIN, Language::kEn), "-€92,233,720,368,547,758.08");
  EXPECT_EQ(format_money(Cents(99), Language::kNl), "€ 0,99");
}

TEST(Formats, LitresAndPercentagesPerLanguage) {
  EXPECT_EQ(format_litres(2500, Language::kNl), "2,500 l");
  EXPECT_EQ(format_litres(1'234'567, Language::kNl), "1.234,567 l");
  EXPECT_EQ(format_litres(-250, Language::kNl), "-0,250 l");
  EXPECT_EQ(format_litres(0, Language::kEn), "0.000 l");
  EXPECT_EQ(format_litres(1'234'005, Language::kEn), "1,234.005 l");
  EXPECT_EQ(format_basis_points(1000, Language::kNl), "10,00 %");
  EXPECT_EQ(format_basis_points(-250, Language::kNl), "-2,50 %");
  EXPECT_EQ(format_basis_points(5, Language::kEn), "0.05%");
  EXPECT_EQ(format_basis_points(10'000, Language::kEn), "100.00%");
}

TEST(Formats, DatesInTheTimeZone) {
  ASSERT_TRUE(set_time_zone("Europe/Amsterdam"));
  const TimestampUs new_year_utc = 1735686000LL * 1'000'000;  // 2024-12-31 23:00 UTC
  EXPECT_EQ(format_date(new_year_utc, Language::kNl), "01-01-2025");
  EXPECT_EQ(format_date(new_year_utc, Language::kEn), "1 Jan 2025");
  EXPECT_EQ(format_date_time(new_year_utc + 90LL * 1'000'000, Language::kNl), "01-01-2025 00:01");
  EXPECT_EQ(format_date_time(new_year_utc, Language::kEn), "1 Jan 2025, 00:00");
  EXPECT_EQ(format_iso_date(new_year_utc), "2025-01-01");
  const TimestampUs summer_utc = 1719784800LL * 1'000'000;  // 2024-06-30 22:00 UTC = 00:00 CEST
  EXPECT_EQ(format_date_time(summer_utc, Language::kNl), "01-07-2024 00:00");
}

TEST(Formats, IsoDates) {
  EXPECT_TRUE(parse_iso_date("2024-02-29"));
  EXPECT_FALSE(parse_iso_date("2023-02-29"));
  EXPECT_FALSE(parse_iso_date("2024-13-01"));
  EXPECT_FALSE(parse_iso_date("2024-1-01"));
  EXPECT_FALSE(parse_iso_date("abcd-ef-gh"));
  auto d = parse_iso_date("2024-10-27");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->year, 2024);
  EXPECT_EQ(d->month, 10);
  EXPECT_EQ(d->day, 27);
}

}  // namespace
}  // namespace mamon::http::web
