// Internal to the storage layer: running a script of several SQL statements (a migration file).
// Deliberately not part of the public Transaction interface: application code runs single,
// parameterised statements only, so an injected ';' can never start a second statement.
#pragma once

#include <string_view>

#include "base/result.h"
#include "storage/database.h"

namespace mamon::storage {

// Implemented by the SQLite and PostgreSQL transactions next to Transaction.
class ScriptExecutor {
 public:
  // Runs `sql` (any number of statements, no parameters) inside the transaction. Errors map as
  // for Transaction::query() and poison the transaction the same way.
  virtual Status execute_script(std::string_view sql) = 0;

 protected:
  virtual ~ScriptExecutor() = default;
};

// Runs `sql` inside `tx`, which must come from open_database() (CHECKed: a test double has no
// script support).
Status execute_script(Transaction& tx, std::string_view sql);

}  // namespace mamon::storage
