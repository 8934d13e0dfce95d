// Calendar months in the configured zone (base/clock.h set_time_zone, the process's TZ), for the
// member's spending per month. Private to the member pages until base/local_time.h (helper
// "figures", issue 8) lands: then this file should be replaced by its month helpers.
#pragma once

#include <vector>

#include "base/clock.h"

namespace mamon::service {

struct LocalMonth {
  int year = 0;              // e.g. 2026
  int month = 0;             // 1..12
  TimestampUs start_us = 0;  // local midnight of its first day
  TimestampUs end_us = 0;    // the next month's start (half-open)
};

// The `count` (>= 1) local months ending with the month `now_us` falls in, oldest first. Month
// edges are local midnights, so a month across a DST change is an hour shorter or longer.
std::vector<LocalMonth> last_local_months(TimestampUs now_us, int count);

}  // namespace mamon::service
