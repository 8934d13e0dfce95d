// Request ids tie a client's report, the access log line and any error log together. A client
// (or proxy) may send X-Request-Id; it is kept when it is short printable token text, otherwise
// a new random id is made. The id is sent back in the X-Request-Id response header.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mamon::http {

inline constexpr std::string_view kRequestIdHeader = "X-Request-Id";
// Longer incoming ids are replaced: they end up in every log line.
inline constexpr std::size_t kRequestIdLengthMax = 128;

// True for 1..kRequestIdLengthMax characters from [A-Za-z0-9._:-] (no spaces or quotes, so a log
// line cannot be forged through it).
bool is_acceptable_request_id(std::string_view id);

// `incoming` if acceptable, else a new id (16 random bytes as hex). Thread-safe.
std::string accept_or_make_request_id(std::optional<std::string_view> incoming);

}  // namespace mamon::http
