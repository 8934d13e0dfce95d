// `mamon loaddata FILE...`: the old system's dump, all or nothing (service/importer.h), then the
// ledger check: a violation fails the command even though the import itself was committed.
#include <iostream>

#include "base/clock.h"
#include "cli/command_support.h"
#include "cli/commands.h"
#include "service/importer.h"
#include "service/ledger_check.h"

namespace mamon::cli {

int run_loaddata(const LoaddataOptions& options) {
  if (options.files.empty()) return fail("loaddata: give at least one dump file");
  auto config = load_config();
  if (!config) return fail(config.error());
  auto sources = service::read_import_files(options.files);
  if (!sources) return fail("loaddata: " + sources.error().message);
  auto db = open_database(*config, /*require_migrated=*/true);
  if (!db) return fail(db.error());

  if (options.if_empty) {
    auto has_data = service::database_has_data(**db);
    if (!has_data) return fail(has_data.error());
    if (*has_data) {
      std::cout << "loaddata: skipped: the database already has users or products" << std::endl;
      return kExitOk;
    }
  }

  SystemClock clock;
  auto summary = service::import_dump(**db, *sources, clock);
  if (!summary) return fail("loaddata: nothing imported: " + summary.error().message);
  std::cout << service::format_import_summary(*summary);

  auto violations = service::check_ledger(**db);
  if (!violations) return fail("loaddata: ledger check failed: " + violations.error().message);
  for (const service::InvariantViolation& v : *violations) {
    std::cout << v.invariant << ": " << v.detail << "\n";
  }
  std::cout.flush();
  if (!violations->empty()) {
    return fail("loaddata: the ledger check found " + std::to_string(violations->size()) +
                " violation(s) after the import");
  }
  std::cout << "ledger check: clean" << std::endl;
  return kExitOk;
}

}  // namespace mamon::cli
