// `mamon check`: the ledger invariants INV-1..5 and STOCK (service/ledger_check.h).
#include <iostream>

#include "cli/command_support.h"
#include "cli/commands.h"
#include "service/ledger_check.h"
#include "storage/import_repo.h"

namespace mamon::cli {

int run_check() {
  auto config = load_config();
  if (!config) return fail(config.error());
  auto db = open_database(*config, /*require_migrated=*/true);
  if (!db) return fail(db.error());
  auto violations = service::check_ledger(**db);
  if (!violations) return fail("check: " + violations.error().message);
  if (!violations->empty()) {
    for (const service::InvariantViolation& v : *violations) {
      std::cout << v.invariant << ": " << v.detail << "\n";
    }
    std::cout.flush();
    return fail("check: " + std::to_string(violations->size()) + " ledger invariant violation(s)");
  }
  // How much was checked (read just after the check, for the operator).
  std::int64_t accounts = 0;
  std::int64_t transfers = 0;
  auto tx = (*db)->begin(storage::TxMode::kRead);
  if (!tx) return fail(tx.error());
  auto counts = storage::count_import_tables(**tx);
  if (!counts) return fail(counts.error());
  for (const auto& [table, count] : *counts) {
    if (table == "accounts") accounts = count;
    if (table == "transfers") transfers = count;
  }
  std::cout << "ledger clean: " << accounts << " accounts, " << transfers << " transfers"
            << std::endl;
  return kExitOk;
}

}  // namespace mamon::cli
