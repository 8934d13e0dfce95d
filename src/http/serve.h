// Entry point of `mamon serve`: opens the database, builds the route table and runs the HTTP
// server on `bind` ("HOST:PORT") until SIGTERM/SIGINT, then shuts down gracefully (stop accepting,
// finish in-flight requests within limits::kShutdownGraceSeconds, close the database).
// `mollie` (may be null: online top-ups then answer 503) is the Mollie client the CLI built from
// MOLLIE_API_URL / MOLLIE_API_KEY; it must outlive the call.
// Returns the process exit code; prints a one-line reason to stderr on failure to start.
#pragma once

#include <string>

#include "base/config.h"
#include "service/mollie_gateway.h"

namespace mamon::http {

int serve(const Config& config, const std::string& bind, const service::MollieGateway* mollie);

}  // namespace mamon::http
