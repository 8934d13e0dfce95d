#include "http/web/formats.h"

#include <cstdio>
#include <ctime>

namespace mamon::http::web {
namespace {

// "1234" + "50" grouped: nl "1.234", en "1,234".
std::string grouped(std::uint64_t whole, char separator) {
  std::string digits = std::to_string(whole);
  std::string out;
  const std::size_t first = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
  out.append(digits, 0, first);
  for (std::size_t i = first; i < digits.size(); i += 3) {
    out.push_back(separator);
    out.append(digits, i, 3);
  }
  return out;
}

std::tm local_tm(TimestampUs at_us) {
  // Floor division: a time before 1970 still falls in the right second.
  std::time_t seconds = static_cast<std::time_t>(at_us / 1'000'000 - (at_us % 1'000'000 < 0));
  std::tm tm{};
  localtime_r(&seconds, &tm);
  return tm;
}

constexpr const char* kEnglishMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string two(int n) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%02d", n);
  return buffer;
}

// The magnitude of `value` (via unsigned: that of INT64_MIN does not fit in int64).
std::uint64_t magnitude_of(std::int64_t value) {
  return value < 0 ? ~static_cast<std::uint64_t>(value) + 1 : static_cast<std::uint64_t>(value);
}

// "-1.234,56" (nl) / "-1,234.56" (en): value / 10^decimals with `decimals` digits after the mark.
std::string fixed_point(std::int64_t value, int decimals, Language language) {
  std::uint64_t scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  const std::uint64_t magnitude = magnitude_of(value);
  std::string fraction = std::to_string(magnitude % scale);
  fraction.insert(0, static_cast<std::size_t>(decimals) - fraction.size(), '0');
  const bool nl = language == Language::kNl;
  return std::string(value < 0 ? "-" : "") + grouped(magnitude / scale, nl ? '.' : ',') +
         (nl ? "," : ".") + fraction;
}

}  // namespace

std::string format_cents(std::int64_t cents, Language language) {
  const bool negative = cents < 0;
  // Via unsigned: the magnitude of INT64_MIN does not fit in int64.
  const std::uint64_t magnitude =
      negative ? ~static_cast<std::uint64_t>(cents) + 1 : static_cast<std::uint64_t>(cents);
  const std::string fraction = two(static_cast<int>(magnitude % 100));
  if (language == Language::kNl) {
    return std::string("€ ") + (negative ? "-" : "") + grouped(magnitude / 100, '.') + "," +
           fraction;
  }
  return std::string(negative ? "-" : "") + "€" + grouped(magnitude / 100, ',') + "." + fraction;
}

std::string format_litres(std::int64_t ml, Language language) {
  return fixed_point(ml, 3, language) + " l";
}

std::string format_basis_points(std::int64_t basis_points, Language language) {
  return fixed_point(basis_points, 2, language) + (language == Language::kNl ? " %" : "%");
}

std::string format_money(Cents amount, Language language) {
  return format_cents(amount.value(), language);
}

std::string format_date(TimestampUs at_us, Language language) {
  const std::tm tm = local_tm(at_us);
  if (language == Language::kNl) {
    return two(tm.tm_mday) + "-" + two(tm.tm_mon + 1) + "-" + std::to_string(tm.tm_year + 1900);
  }
  return std::to_string(tm.tm_mday) + " " + kEnglishMonths[tm.tm_mon] + " " +
         std::to_string(tm.tm_year + 1900);
}

std::string format_date_time(TimestampUs at_us, Language language) {
  const std::tm tm = local_tm(at_us);
  const std::string time = two(tm.tm_hour) + ":" + two(tm.tm_min);
  return format_date(at_us, language) + (language == Language::kNl ? " " : ", ") + time;
}

std::string format_iso_date(TimestampUs at_us) {
  const std::tm tm = local_tm(at_us);
  return std::to_string(tm.tm_year + 1900) + "-" + two(tm.tm_mon + 1) + "-" + two(tm.tm_mday);
}

std::optional<LocalDate> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto number = [&](std::size_t from, std::size_t count) {
    int n = 0;
    for (std::size_t i = from; i < from + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      n = n * 10 + (text[i] - '0');
    }
    return n;
  };
  LocalDate date{number(0, 4), number(5, 2), number(8, 2)};
  if (date.year < 1 || date.month < 1 || date.month > 12 || date.day < 1) return std::nullopt;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (date.year % 4 == 0 && date.year % 100 != 0) || date.year % 400 == 0;
  const int days = kDays[date.month - 1] + (date.month == 2 && leap ? 1 : 0);
  if (date.day > days) return std::nullopt;
  return date;
}

}  // namespace mamon::http::web
