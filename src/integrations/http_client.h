// Outgoing HTTP(S) for the integrations (Mollie, ledenbase) over libcurl: one blocking request per
// call, with timeouts, a response size cap, no redirects, http/https only. Thread-safe: each call
// uses its own curl handle (libcurl is initialised once per process).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "base/result.h"

namespace mamon::integrations {

struct OutgoingRequest {
  std::string method = "GET";  // GET, POST, PATCH, DELETE
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;                  // sent when non-empty or for POST/PATCH
  int connect_timeout_seconds = 5;
  int timeout_seconds = 15;
  std::size_t response_bytes_max = 1 << 20;
};

struct IncomingResponse {
  long status = 0;
  std::string body;
};

// Error kUnavailable when no HTTP answer came (DNS, connect, TLS, timeout, too large); the
// message names the host and curl's reason, never headers (they may hold credentials). Any HTTP
// status is a success of this call: the caller interprets it.
Result<IncomingResponse> perform(const OutgoingRequest& request);

}  // namespace mamon::integrations
