// Entry point of `mamon serve`: opens the database, builds the route table and runs the HTTP
// server on `bind` ("HOST:PORT") until SIGTERM/SIGINT, then shuts down gracefully (stop accepting,
// finish in-flight requests within limits::kShutdownGraceSeconds, close the database).
// `mollie` (may be null: online top-ups then answer 503) is the Mollie client the CLI built from
// MOLLIE_API_URL / MOLLIE_API_KEY; `ledenbase` (may be null: only local accounts log in) the
// ledenbase client built from LEDENBASE_URL / LEDENBASE_TOKEN; both must outlive the call.
// LEDENBASE_ADMINS naming a group that does not exist stops the start with a message.
// Returns the process exit code; prints a one-line reason to stderr on failure to start.
#pragma once

#include <string>

#include "base/config.h"
#include "service/ledenbase_gateway.h"
#include "service/mollie_gateway.h"

namespace mamon::http {

int serve(const Config& config, const std::string& bind, const service::MollieGateway* mollie,
          const service::LedenbaseGateway* ledenbase = nullptr);

}  // namespace mamon::http
