// After rows were inserted with explicit ids (the importer keeps the old system's ids), the next
// generated id of each table must lie above them, or the next ordinary INSERT collides.
#pragma once

#include "storage/database.h"

namespace mamon::storage {

// Makes the next generated `id` of every table with an identity `id` column exceed the largest
// id present (an empty table starts again at 1).
//   PostgreSQL: setval() on each identity sequence; needs a kWrite transaction. Note that
//               sequence changes are not undone if the transaction later rolls back (harmless:
//               the next ids are merely higher than needed).
//   SQLite:     nothing to do (an INTEGER PRIMARY KEY takes max(rowid) + 1); returns ok.
// Error: as Transaction::query().
Status reset_id_sequences(Transaction& tx);

}  // namespace mamon::storage
