// `mamon migrate`: pending migrations, then the system rows (accounts, "Cash"/"Pin"). Idempotent.
#include <iostream>

#include "base/clock.h"
#include "cli/command_support.h"
#include "cli/commands.h"
#include "storage/migrations.h"
#include "storage/system_rows.h"

namespace mamon::cli {

int run_migrate() {
  auto config = load_config();
  if (!config) return fail(config.error());
  auto db = open_database(*config, /*require_migrated=*/false);
  if (!db) return fail(db.error());
  auto applied = storage::migrate(**db);
  if (!applied) return fail("migrate: " + applied.error().message);

  auto tx = (*db)->begin(storage::TxMode::kWrite);
  if (!tx) return fail(tx.error());
  if (Status rows = storage::ensure_system_rows(**tx, SystemClock().now_us()); !rows.ok()) {
    return fail("system rows: " + rows.error().message);
  }
  if (Status committed = (*tx)->commit(); !committed.ok()) return fail(committed.error());

  auto version = storage::schema_version(**db);
  if (!version) return fail(version.error());
  std::cout << "migrated: " << *applied << " applied, schema version " << *version << std::endl;
  return kExitOk;
}

}  // namespace mamon::cli
