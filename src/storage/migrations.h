// Numbered, forward-only schema migrations, one list per backend (the SQL files under
// storage/migrations/<backend>/NNNN_name.sql, compiled in). Each migration runs in its own
// transaction together with its row in `schema_migrations`, so a failed migration leaves nothing.
#pragma once

#include <string>
#include <vector>

#include "storage/database.h"

namespace mamon::storage {

struct Migration {
  int version;
  const char* name;
  const char* sql;  // may hold several statements
};

const std::vector<Migration>& sqlite_migrations();
const std::vector<Migration>& postgres_migrations();

// Applies every migration not yet recorded, in order. Idempotent. Returns how many were applied.
// Error: the failing migration's name and the database's message; earlier ones stay applied.
Result<int> migrate(Database& db);

// The highest applied version (0 for an empty database).
Result<int> schema_version(Database& db);

}  // namespace mamon::storage
