#include "base/local_time.h"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "base/check.h"

namespace mamon {
namespace {

constexpr std::int64_t kMicrosPerSecond = 1'000'000;

std::chrono::sys_days to_sys_days(LocalDate d) {
  return std::chrono::sys_days(std::chrono::year_month_day(
      std::chrono::year(d.year), std::chrono::month(static_cast<unsigned>(d.month)),
      std::chrono::day(static_cast<unsigned>(d.day))));
}

LocalDate from_sys_days(std::chrono::sys_days days) {
  std::chrono::year_month_day ymd(days);
  return LocalDate{static_cast<int>(ymd.year()),
                   static_cast<int>(static_cast<unsigned>(ymd.month())),
                   static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

bool valid(LocalDate d) {
  if (d.year < 1 || d.year > 9999 || d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31) {
    return false;
  }
  return std::chrono::year_month_day(std::chrono::year(d.year),
                                     std::chrono::month(static_cast<unsigned>(d.month)),
                                     std::chrono::day(static_cast<unsigned>(d.day)))
      .ok();
}

// Seconds since the epoch, rounded towards minus infinity (instants before 1970 stay right).
std::time_t floor_seconds(TimestampUs t) {
  std::int64_t seconds = t / kMicrosPerSecond;
  if (t % kMicrosPerSecond < 0) --seconds;
  return static_cast<std::time_t>(seconds);
}

std::tm local_tm(TimestampUs t) {
  std::time_t seconds = floor_seconds(t);
  std::tm local{};
  MAMON_CHECK(::localtime_r(&seconds, &local) != nullptr);
  return local;
}

// The instant of local `date` at `hour`:00:00 as mktime resolves it (tm_isdst = -1: the zone
// decides). Where that wall time does not exist, mktime moves it forward past the gap.
std::time_t local_wall_time(LocalDate date, int hour) {
  std::tm tm{};
  tm.tm_year = date.year - 1900;
  tm.tm_mon = date.month - 1;
  tm.tm_mday = date.day;
  tm.tm_hour = hour;
  tm.tm_isdst = -1;
  std::time_t t = std::mktime(&tm);
  MAMON_CHECK_MSG(t != static_cast<std::time_t>(-1), "mktime failed for a valid date");
  return t;
}

int parse_digits(std::string_view text) {
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

Result<LocalDate> parse_local_date(std::string_view text) {
  auto bad = [&] {
    std::string message = "'";
    message.append(text.substr(0, 40)).append("' is not a date (YYYY-MM-DD)");
    return make_error(ErrorCode::kInvalidInput, message);
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad();
  LocalDate date{parse_digits(text.substr(0, 4)), parse_digits(text.substr(5, 2)),
                 parse_digits(text.substr(8, 2))};
  if (!valid(date)) return bad();
  return date;
}

std::string format_local_date(LocalDate date) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", date.year, date.month, date.day);
  return text;
}

LocalDate local_date_of(TimestampUs t) {
  std::tm local = local_tm(t);
  return LocalDate{local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
}

int local_hour_of(TimestampUs t) {
  return local_tm(t).tm_hour;
}

TimestampUs start_of_local_day(LocalDate date) {
  MAMON_CHECK(valid(date));
  // Midnight exists in almost every zone; where a zone skips it, mktime lands in the same day
  // after the gap, which is that day's first instant. Where a transition moves midnight back
  // (the day would start twice), mktime picks one; the earlier one is wanted, so step back while
  // the instant before is still the same date.
  std::time_t t = local_wall_time(date, 0);
  TimestampUs start = static_cast<TimestampUs>(t) * kMicrosPerSecond;
  for (int i = 0; i < 4 && local_date_of(start - 3600 * kMicrosPerSecond) == date; ++i) {
    start -= 3600 * kMicrosPerSecond;
  }
  return start;
}

TimestampUs start_of_local_hour(TimestampUs t) {
  std::tm local = local_tm(t);
  std::int64_t into_hour_us =
      (static_cast<std::int64_t>(local.tm_min) * 60 + local.tm_sec) * kMicrosPerSecond;
  std::int64_t fraction_us = t % kMicrosPerSecond;
  if (fraction_us < 0) fraction_us += kMicrosPerSecond;
  return t - into_hour_us - fraction_us;
}

LocalDate add_days(LocalDate date, int days) {
  MAMON_CHECK(valid(date));
  LocalDate out = from_sys_days(to_sys_days(date) + std::chrono::days(days));
  MAMON_CHECK(valid(out));
  return out;
}

int days_between(LocalDate from, LocalDate to) {
  MAMON_CHECK(valid(from) && valid(to));
  return static_cast<int>((to_sys_days(to) - to_sys_days(from)).count());
}

LocalDate first_of_month(LocalDate date) {
  return LocalDate{date.year, date.month, 1};
}

LocalDate next_month(LocalDate date) {
  LocalDate next =
      date.month == 12 ? LocalDate{date.year + 1, 1, 1} : LocalDate{date.year, date.month + 1, 1};
  MAMON_CHECK(valid(next));
  return next;
}

TimeRange local_days(LocalDate first, LocalDate last_inclusive) {
  MAMON_CHECK(first <= last_inclusive);
  return TimeRange{start_of_local_day(first), start_of_local_day(add_days(last_inclusive, 1))};
}

LocalDateRange current_local_month(TimestampUs now) {
  LocalDate first = first_of_month(local_date_of(now));
  return LocalDateRange{first, add_days(next_month(first), -1)};
}

}  // namespace mamon
