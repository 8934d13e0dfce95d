#include "service/local_months.h"

#include <ctime>

#include "base/check.h"

namespace mamon::service {
namespace {

// Local midnight of the first of month `month0` (0-based, may be out of 0..11) of `year`.
TimestampUs local_month_start_us(int year, int month0) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month0;  // mktime normalises months outside 0..11 into the year
  tm.tm_mday = 1;
  tm.tm_isdst = -1;  // let the zone decide
  std::time_t t = ::mktime(&tm);
  MAMON_CHECK_MSG(t != static_cast<std::time_t>(-1), "mktime of a month start");
  return static_cast<TimestampUs>(t) * 1'000'000;
}

}  // namespace

std::vector<LocalMonth> last_local_months(TimestampUs now_us, int count) {
  MAMON_CHECK(count >= 1);
  std::time_t now = static_cast<std::time_t>(now_us / 1'000'000);
  std::tm local{};
  ::localtime_r(&now, &local);
  std::vector<LocalMonth> out;
  out.reserve(static_cast<std::size_t>(count));
  for (int back = count - 1; back >= 0; --back) {
    int month0 = local.tm_mon - back;
    LocalMonth m;
    int normalised = ((month0 % 12) + 12) % 12;
    m.year = local.tm_year + 1900 + (month0 - normalised) / 12;
    m.month = normalised + 1;
    m.start_us = local_month_start_us(local.tm_year + 1900, month0);
    m.end_us = local_month_start_us(local.tm_year + 1900, month0 + 1);
    out.push_back(m);
  }
  return out;
}

}  // namespace mamon::service
