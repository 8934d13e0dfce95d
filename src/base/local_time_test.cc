#include "base/local_time.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>

namespace mamon {
namespace {

constexpr TimestampUs kHourUs = 3600LL * 1'000'000;

// An instant given in UTC.
TimestampUs utc(int y, int m, int d, int hour = 0, int minute = 0) {
  using namespace std::chrono;
  sys_days day = year_month_day(year(y), month(static_cast<unsigned>(m)),
                                std::chrono::day(static_cast<unsigned>(d)));
  return duration_cast<microseconds>(day.time_since_epoch()).count() +
         (static_cast<TimestampUs>(hour) * 60 + minute) * 60'000'000;
}

// Runs each test in Europe/Amsterdam and restores the process's zone afterwards.
class LocalTimeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const char* tz = std::getenv("TZ")) saved_ = tz;
    ASSERT_TRUE(set_time_zone("Europe/Amsterdam"));
  }
  void TearDown() override {
    if (saved_) {
      ::setenv("TZ", saved_->c_str(), 1);
    } else {
      ::unsetenv("TZ");
    }
    ::tzset();
  }
  std::optional<std::string> saved_;
};

TEST_F(LocalTimeTest, ParsesAndFormatsDates) {
  auto date = parse_local_date("2026-10-25");
  ASSERT_TRUE(date.ok());
  EXPECT_EQ(*date, (LocalDate{2026, 10, 25}));
  EXPECT_EQ(format_local_date(*date), "2026-10-25");
  EXPECT_EQ(format_local_date(LocalDate{987, 1, 2}), "0987-01-02");
  EXPECT_TRUE(parse_local_date("2024-02-29").ok());  // leap year
  for (const char* bad : {"2026-02-29", "2026-02-30", "2026-13-01", "2026-00-10", "2026-01-00",
                          "2026-1-05", "2026-01-5", "26-01-05", "2026/01/05", "2026-01-05T00:00",
                          "", "abcd-ef-gh", "0000-01-01", "+026-01-05"}) {
    auto parsed = parse_local_date(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidInput) << bad;
  }
}

TEST_F(LocalTimeTest, OrdersDates) {
  EXPECT_LT((LocalDate{2026, 1, 31}), (LocalDate{2026, 2, 1}));
  EXPECT_LT((LocalDate{2025, 12, 31}), (LocalDate{2026, 1, 1}));
  EXPECT_GT((LocalDate{2026, 3, 2}), (LocalDate{2026, 3, 1}));
}

TEST_F(LocalTimeTest, CalendarArithmetic) {
  EXPECT_EQ(add_days(LocalDate{2026, 12, 31}, 1), (LocalDate{2027, 1, 1}));
  EXPECT_EQ(add_days(LocalDate{2024, 2, 28}, 1), (LocalDate{2024, 2, 29}));
  EXPECT_EQ(add_days(LocalDate{2026, 3, 1}, -1), (LocalDate{2026, 2, 28}));
  EXPECT_EQ(add_days(LocalDate{2026, 1, 1}, 365), (LocalDate{2027, 1, 1}));
  EXPECT_EQ(days_between(LocalDate{2026, 1, 1}, LocalDate{2027, 1, 1}), 365);
  EXPECT_EQ(days_between(LocalDate{2026, 3, 2}, LocalDate{2026, 3, 1}), -1);
  EXPECT_EQ(first_of_month(LocalDate{2026, 10, 25}), (LocalDate{2026, 10, 1}));
  EXPECT_EQ(next_month(LocalDate{2026, 10, 25}), (LocalDate{2026, 11, 1}));
  EXPECT_EQ(next_month(LocalDate{2026, 12, 5}), (LocalDate{2027, 1, 1}));
}

TEST_F(LocalTimeTest, LocalDateAndHourOfAnInstant) {
  // 2026-11-23 23:30 UTC is 00:30 on the 24th in Amsterdam (CET, +01:00).
  EXPECT_EQ(local_date_of(utc(2026, 11, 23, 23, 30)), (LocalDate{2026, 11, 24}));
  EXPECT_EQ(local_hour_of(utc(2026, 11, 23, 23, 30)), 0);
  // Summer (CEST, +02:00): 22:30 UTC is 00:30 the next day.
  EXPECT_EQ(local_date_of(utc(2026, 7, 1, 22, 30)), (LocalDate{2026, 7, 2}));
  EXPECT_EQ(local_date_of(utc(2026, 7, 1, 21, 59)), (LocalDate{2026, 7, 1}));
  EXPECT_EQ(local_hour_of(utc(2026, 7, 1, 21, 59)), 23);
  // Before the epoch, rounding goes down, not towards zero.
  EXPECT_EQ(local_date_of(utc(1969, 12, 31, 22, 59) + 59'999'999), (LocalDate{1969, 12, 31}));
}

TEST_F(LocalTimeTest, SpringForwardDayHas23Hours) {
  // 2026-03-29: at 02:00 CET the clocks jump to 03:00 CEST (01:00 UTC).
  const LocalDate day{2026, 3, 29};
  EXPECT_EQ(start_of_local_day(day), utc(2026, 3, 28, 23));
  EXPECT_EQ(start_of_local_day(add_days(day, 1)), utc(2026, 3, 29, 22));
  const TimeRange range = local_days(day, day);
  EXPECT_EQ(range.end_us - range.start_us, 23 * kHourUs);
  EXPECT_EQ(local_hour_of(utc(2026, 3, 29, 0, 59)), 1);
  EXPECT_EQ(local_hour_of(utc(2026, 3, 29, 1, 0)), 3);  // hour 2 does not exist
  EXPECT_EQ(start_of_local_hour(utc(2026, 3, 29, 1, 30)), utc(2026, 3, 29, 1));
}

TEST_F(LocalTimeTest, FallBackDayHas25Hours) {
  // 2026-10-25: at 03:00 CEST the clocks go back to 02:00 CET (01:00 UTC); 02:xx happens twice.
  const LocalDate day{2026, 10, 25};
  EXPECT_EQ(start_of_local_day(day), utc(2026, 10, 24, 22));
  EXPECT_EQ(start_of_local_day(add_days(day, 1)), utc(2026, 10, 25, 23));
  const TimeRange range = local_days(day, day);
  EXPECT_EQ(range.end_us - range.start_us, 25 * kHourUs);
  EXPECT_EQ(local_hour_of(utc(2026, 10, 25, 0, 30)), 2);  // CEST
  EXPECT_EQ(local_hour_of(utc(2026, 10, 25, 1, 30)), 2);  // CET, the second 02:30
  EXPECT_EQ(start_of_local_hour(utc(2026, 10, 25, 1, 30)), utc(2026, 10, 25, 1));
  EXPECT_EQ(start_of_local_hour(utc(2026, 10, 25, 0, 30)), utc(2026, 10, 25, 0));
  // The last instant of the long day is still that day.
  EXPECT_EQ(local_date_of(range.end_us - 1), day);
  EXPECT_EQ(local_date_of(range.end_us), add_days(day, 1));
}

TEST_F(LocalTimeTest, LocalDaysSpanWholeDays) {
  // A week across the October change: 7 x 24 h + 1 h.
  const TimeRange week = local_days(LocalDate{2026, 10, 22}, LocalDate{2026, 10, 28});
  EXPECT_EQ(week.start_us, utc(2026, 10, 21, 22));
  EXPECT_EQ(week.end_us, utc(2026, 10, 28, 23));
  EXPECT_EQ(week.end_us - week.start_us, (7 * 24 + 1) * kHourUs);
  EXPECT_TRUE(week.contains(week.start_us));
  EXPECT_FALSE(week.contains(week.end_us));
}

TEST_F(LocalTimeTest, CurrentMonth) {
  // 2026-10-31 23:30 UTC is already November in Amsterdam.
  EXPECT_EQ(current_local_month(utc(2026, 10, 31, 23, 30)),
            (LocalDateRange{LocalDate{2026, 11, 1}, LocalDate{2026, 11, 30}}));
  EXPECT_EQ(current_local_month(utc(2028, 2, 10)),
            (LocalDateRange{LocalDate{2028, 2, 1}, LocalDate{2028, 2, 29}}));
}

TEST_F(LocalTimeTest, UtcHasNoShifts) {
  ASSERT_TRUE(set_time_zone("UTC"));
  EXPECT_EQ(start_of_local_day(LocalDate{2026, 10, 25}), utc(2026, 10, 25));
  const TimeRange day = local_days(LocalDate{2026, 10, 25}, LocalDate{2026, 10, 25});
  EXPECT_EQ(day.end_us - day.start_us, 24 * kHourUs);
}

}  // namespace
}  // namespace mamon
