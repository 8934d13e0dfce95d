#include "base/clock.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace mamon {

TimestampUs SystemClock::now_us() const {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

bool set_time_zone(const std::string& iana_name) {
  std::string path = "/usr/share/zoneinfo/" + iana_name;
  if (iana_name.empty() || iana_name.find("..") != std::string::npos) return false;
  if (std::FILE* f = std::fopen(path.c_str(), "rb")) {
    std::fclose(f);
  } else if (iana_name != "UTC") {
    return false;
  }
  ::setenv("TZ", iana_name.c_str(), 1);
  ::tzset();
  return true;
}

std::string format_iso8601(TimestampUs t) {
  std::int64_t seconds = t / 1'000'000;
  std::int64_t micros = t % 1'000'000;
  if (micros < 0) {
    micros += 1'000'000;
    seconds -= 1;
  }
  std::time_t tt = static_cast<std::time_t>(seconds);
  std::tm local{};
  ::localtime_r(&tt, &local);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &local);
  std::string out = date;
  int millis = static_cast<int>(micros / 1000);
  if (millis != 0) {
    char frac[8];
    std::snprintf(frac, sizeof frac, ".%03d", millis);
    out += frac;
  }
  long offset = local.tm_gmtoff;
  char sign = offset < 0 ? '-' : '+';
  if (offset < 0) offset = -offset;
  char zone[24];
  std::snprintf(zone, sizeof zone, "%c%02d:%02d", sign, static_cast<int>(offset / 3600 % 100),
                static_cast<int>(offset % 3600 / 60));
  out += zone;
  return out;
}

Result<TimestampUs> parse_iso8601(std::string_view text) {
  auto bad = [&] {
    std::string message = "'";
    message.append(text.substr(0, 40)).append("' is not an ISO 8601 date-time");
    return make_error(ErrorCode::kInvalidInput, std::move(message));
  };
  auto number = [&](std::size_t pos, std::size_t len, int* out) {
    if (pos + len > text.size()) return false;
    int v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      v = v * 10 + (text[i] - '0');
    }
    *out = v;
    return true;
  };
  int year, month, day, hour, minute, second;
  if (!number(0, 4, &year) || text.size() < 19 || text[4] != '-' || !number(5, 2, &month) ||
      text[7] != '-' || !number(8, 2, &day) || (text[10] != 'T' && text[10] != ' ') ||
      !number(11, 2, &hour) || text[13] != ':' || !number(14, 2, &minute) || text[16] != ':' ||
      !number(17, 2, &second)) {
    return bad();
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return bad();
  }
  std::size_t pos = 19;
  std::int64_t micros = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 6) micros = micros * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return bad();
    for (int i = digits; i < 6; ++i) micros *= 10;
  }
  long offset_seconds = 0;
  if (pos < text.size() && text[pos] == 'Z') {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int oh, om;
    bool negative = text[pos] == '-';
    if (!number(pos + 1, 2, &oh) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !number(pos + 4, 2, &om)) {
      return bad();
    }
    offset_seconds = (oh * 3600L + om * 60L) * (negative ? -1 : 1);
    pos += 6;
  } else {
    return bad();  // a time without a zone is ambiguous
  }
  if (pos != text.size()) return bad();
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  std::int64_t seconds = static_cast<std::int64_t>(::timegm(&tm)) - offset_seconds;
  return seconds * 1'000'000 + micros;
}

}  // namespace mamon
