// The SQLite backend of database.h (libsqlite3).
//
// Each pooled connection is opened with SQLITE_OPEN_NOMUTEX (a Transaction is used by one thread
// at a time, so SQLite's own mutex would only cost) and set up with journal_mode=WAL (readers
// never block the writer), synchronous=NORMAL (or FULL), foreign_keys=ON and a busy timeout of
// limits::kSqliteBusyTimeoutMs. TxMode::kWrite runs BEGIN IMMEDIATE, so writers queue on the write
// lock at BEGIN instead of failing half-way; a kRead transaction that writes anyway may get
// kTransactionConflict.
//
// Values: INTEGER cells come back as int64, TEXT and BLOB as strings, NULL as NULL. A REAL value
// is reported as kInternal: Mamon stores no floating point.
#pragma once

#include <memory>
#include <string>

#include "storage/database.h"

namespace mamon::storage {

// Opens (creating if missing) the database file at `path`, relative to the working directory
// unless absolute. ":memory:" gives a private in-memory database; since every SQLite connection
// to ":memory:" is a database of its own, its pool has exactly one connection whatever
// options.pool_size says. One connection is opened eagerly so that a bad path fails here.
// Error: kUnavailable (cannot open or set up the file), with SQLite's message.
Result<std::unique_ptr<Database>> open_sqlite_database(const std::string& path,
                                                       const DatabaseOptions& options);

}  // namespace mamon::storage
