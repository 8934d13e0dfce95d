// A liveness probe of the database for GET /healthz: a connection can be had and answers a query.
#pragma once

#include "base/result.h"
#include "storage/database.h"

namespace mamon::storage {

// Begins a read transaction and runs a trivial query. The error says which step failed
// (kUnavailable when no connection can be had; the backend's code otherwise).
Status ping(Database& database);

}  // namespace mamon::storage
