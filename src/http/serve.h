// Entry point of `mamon serve`: opens the database, builds the route table and runs the HTTP
// server on `bind` ("HOST:PORT") until SIGTERM/SIGINT, then shuts down gracefully (stop accepting,
// finish in-flight requests within limits::kShutdownGraceSeconds, close the database).
// Returns the process exit code; prints a one-line reason to stderr on failure to start.
#pragma once

#include <string>

#include "base/config.h"

namespace mamon::http {

int serve(const Config& config, const std::string& bind);

}  // namespace mamon::http
