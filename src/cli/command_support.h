// Helpers shared by the `mamon` subcommands: the one-line failure report and opening the
// configured database.
#pragma once

#include <memory>
#include <string_view>

#include "base/config.h"
#include "base/result.h"
#include "storage/database.h"

namespace mamon::cli {

// Prints "mamon: <reason>" (newlines flattened, so it stays one line) on stderr; returns
// kExitFailure.
int fail(std::string_view reason);
int fail(const Error& error);

// The configuration from the environment (and .env).
Result<Config> load_config();

// Opens DATABASE_URL. With require_migrated, a database without schema is refused with a hint to
// run `mamon migrate` (kInvalidInput).
Result<std::unique_ptr<storage::Database>> open_database(const Config& config,
                                                         bool require_migrated);

}  // namespace mamon::cli
