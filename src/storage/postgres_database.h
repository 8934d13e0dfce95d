// The PostgreSQL backend of database.h (libpq).
//
// Each pooled connection runs `SET TIME ZONE 'UTC'` once (Mamon keeps instants as *_at_us
// integers, but server-side time functions must not depend on the server's zone). TxMode::kRead
// runs BEGIN READ ONLY, kWrite runs BEGIN (READ COMMITTED). Statements are prepared once per
// connection (names s1, s2, ...) and executed with text parameters: int64 as decimal, bool as
// "t"/"f", NULL as NULL; parameter types are inferred by the server from the SQL, so a parameter
// whose type the server cannot infer needs a CAST in the SQL. Result cells are text (or NULL);
// Row's accessors parse them.
//
// Errors map by SQLSTATE: 23505 -> kConflict, other 23xxx -> kInvalidInput, 40001/40P01 ->
// kTransactionConflict, 08xxx (but 08P01, a protocol violation such as a wrong parameter count)
// / 53xxx / 57P0x or a lost connection -> kUnavailable (the connection is closed instead of being
// pooled), anything else -> kInternal. begin() on a pooled connection
// that went stale (server restarted) silently moves on to a fresh one.
#pragma once

#include <memory>
#include <string>

#include "storage/database.h"

namespace mamon::storage {

// Connects with the libpq connection URI `conninfo` (connect_timeout defaults to 10 s unless the
// URI sets it). One connection is opened eagerly so that a bad server or database fails here.
// Error: kUnavailable with libpq's message.
Result<std::unique_ptr<Database>> open_postgres_database(const std::string& conninfo,
                                                         const DatabaseOptions& options);

}  // namespace mamon::storage
