// The access log: one structured (logfmt) line per request at info level via spdlog:
//   http method=GET path=/api/products/7 query="page=2" status=200 duration_us=812
//        request_id=3f2a... user_id=7 route=/api/products/{id} ip=127.0.0.1
// Never logged: headers (Authorization!), bodies, and the values of query parameters whose
// names suggest a secret (token, password, key, ...). Control characters are escaped so that a
// request cannot forge log lines.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "http/request.h"

namespace mamon::http {

// `raw_query` (without "?") with the values of secret-looking parameters replaced by "REDACTED".
std::string loggable_query(std::string_view raw_query);

// Printable ASCII is kept; '"', '\\' and everything else become \xNN.
std::string escape_for_log(std::string_view text);

// The line for one request (without logging it).
std::string access_log_line(const Request& request, int status, std::int64_t duration_us);

// Logs access_log_line() at info level. Thread-safe.
void log_access(const Request& request, int status, std::int64_t duration_us);

}  // namespace mamon::http
