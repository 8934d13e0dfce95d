// How the website writes money, dates and times per language (WEB.md §1 "Formats"). Money comes
// as integer cents and is never a float; times are Unix microseconds shown in the process's time
// zone (TIME_ZONE, set at start-up by base/clock.h set_time_zone, so localtime_r is right).
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/money.h"
#include "http/web/catalogue.h"

namespace mamon::http::web {

// nl: "€ 1.234,50", "€ -1.234,50"; en: "€1,234.50", "-€1,234.50".
std::string format_money(Cents amount, Language language);
// As above, for raw cents.
std::string format_cents(std::int64_t cents, Language language);

// Millilitres as litres with three decimals: nl "1.234,500 l", "-0,250 l"; en "1,234.500 l".
std::string format_litres(std::int64_t ml, Language language);
// Basis points (1/100 of a percent) as a percentage with two decimals: nl "10,00 %", "-2,50 %";
// en "10.00%", "-2.50%".
std::string format_basis_points(std::int64_t basis_points, Language language);

// The local calendar date: nl "31-12-2024", en "31 Dec 2024".
std::string format_date(TimestampUs at_us, Language language);
// The local date and time to the minute: nl "31-12-2024 23:59", en "31 Dec 2024, 23:59".
std::string format_date_time(TimestampUs at_us, Language language);
// ISO "2024-12-31" (the value of <input type="date"> and of ?start=/&end=), local.
std::string format_iso_date(TimestampUs at_us);

// A <input type="date"> value "YYYY-MM-DD" (a real calendar date), or none.
struct LocalDate {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31
};
std::optional<LocalDate> parse_iso_date(std::string_view text);

}  // namespace mamon::http::web
