// Civil dates and hours in the association's zone (TIME_ZONE, set process-wide by
// base/clock.h set_time_zone, so the C library's localtime_r / mktime answer in it). The board's
// figures are per local day, month and hour; the database stores only UTC instants and SQLite
// knows no zones, so every local boundary is computed here and handed to the queries as instants.
//
// Days are not 24 hours long: in Europe/Amsterdam the last Sunday of March has 23 and the last
// Sunday of October 25. Every boundary below is the first instant of the local day (or hour), so
// a day bucket [start_of_local_day(d), start_of_local_day(add_days(d, 1))) is exactly that day.
//
// Thread-safety: every function is pure given the zone (the C library's zone state is read-only
// after start-up). Dates are proleptic Gregorian, years 1..9999 (CHECKed where computed).
#pragma once

#include <compare>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"

namespace mamon {

struct LocalDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31

  auto operator<=>(const LocalDate&) const = default;
};

// "YYYY-MM-DD" (exactly: four digits, two, two) naming a real calendar date, year 1..9999.
// Error kInvalidInput otherwise ("2026-02-30", "2026-1-05", "2026-01-05T00:00").
Result<LocalDate> parse_local_date(std::string_view text);

// "YYYY-MM-DD".
std::string format_local_date(LocalDate date);

// The local calendar date / hour (0..23) of an instant.
LocalDate local_date_of(TimestampUs t);
int local_hour_of(TimestampUs t);

// The first instant of the local day `date` (its local midnight; where a zone skips midnight,
// the first instant that exists that day).
TimestampUs start_of_local_day(LocalDate date);

// The first instant of the local hour containing `t`.
TimestampUs start_of_local_hour(TimestampUs t);

// Calendar arithmetic (no zone involved). add_days accepts negative `days`.
LocalDate add_days(LocalDate date, int days);
// Days from `from` to `to` (negative when `to` is earlier).
int days_between(LocalDate from, LocalDate to);
LocalDate first_of_month(LocalDate date);
// The first day of the month after `date`'s month.
LocalDate next_month(LocalDate date);

// A half-open span of instants [start_us, end_us).
struct TimeRange {
  TimestampUs start_us = 0;
  TimestampUs end_us = 0;

  bool contains(TimestampUs t) const { return t >= start_us && t < end_us; }
  bool operator==(const TimeRange&) const = default;
};

// Whole local days, both named days included: [start of `first`, start of the day after
// `last_inclusive`). `first` after `last_inclusive` is a programmer error (CHECK).
TimeRange local_days(LocalDate first, LocalDate last_inclusive);

// A span of whole local days, both ends included (the website's ?start=&end=).
struct LocalDateRange {
  LocalDate first;
  LocalDate last;  // inclusive

  bool operator==(const LocalDateRange&) const = default;
};

// The local month that contains `now`, from its first day to its last: the reports' default
// range when none is given.
LocalDateRange current_local_month(TimestampUs now);

}  // namespace mamon
