// Time: instants are int64 microseconds since the Unix epoch (UTC) everywhere inside Mamon and in
// the database (`*_at_us` columns). Formatting into the association's zone happens at the edges.
// Clock is injected so that tests are deterministic.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace mamon {

using TimestampUs = std::int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimestampUs now_us() const = 0;
};

// The wall clock. Thread-safe.
class SystemClock final : public Clock {
 public:
  TimestampUs now_us() const override;
};

// A clock tests set by hand. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimestampUs start_us) : now_us_(start_us) {}
  TimestampUs now_us() const override { return now_us_.load(); }
  void set_us(TimestampUs t) { now_us_.store(t); }
  void advance_us(TimestampUs delta) { now_us_.fetch_add(delta); }

 private:
  std::atomic<TimestampUs> now_us_;
};

// Selects the zone used by format_iso8601 (an IANA name such as "Europe/Amsterdam"); process-wide,
// call once at start-up before threads exist. Returns false if the zone is unknown.
bool set_time_zone(const std::string& iana_name);

// "2026-11-23T21:05:00+01:00" in the configured zone, with milliseconds when non-zero
// ("2026-11-23T21:05:00.123+01:00").
std::string format_iso8601(TimestampUs t);

// Parses ISO 8601 date-times with 'Z' or a ±HH:MM offset, optional fraction (up to 6 digits),
// e.g. "2022-10-21T09:10:58.157Z", "2012-11-09T00:00:00Z", "2026-11-23T21:05:00+01:00".
// Error: kInvalidInput.
Result<TimestampUs> parse_iso8601(std::string_view text);

}  // namespace mamon
