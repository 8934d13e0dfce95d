#include "cli/command_support.h"

#include <iostream>
#include <string>

#include "cli/commands.h"
#include "storage/migrations.h"

namespace mamon::cli {

int fail(std::string_view reason) {
  std::string line(reason);
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  std::cerr << "mamon: " << line << std::endl;
  return kExitFailure;
}

int fail(const Error& error) {
  return fail(error.message);
}

Result<Config> load_config() {
  return load_config_from_environment();
}

Result<std::unique_ptr<storage::Database>> open_database(const Config& config,
                                                         bool require_migrated) {
  // The CLI does one thing at a time: a small pool suffices.
  storage::DatabaseOptions options;
  options.pool_size = 2;
  MAMON_TRY(std::unique_ptr<storage::Database> db,
            storage::open_database(config.database_url, options));
  if (require_migrated) {
    MAMON_TRY(int version, storage::schema_version(*db));
    if (version == 0) {
      return make_error(ErrorCode::kInvalidInput,
                        "the database has no schema yet; run `mamon migrate` first");
    }
  }
  return db;
}

}  // namespace mamon::cli
