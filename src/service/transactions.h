// One database transaction per use case, retried as a whole when the database says so.
//
// run_transaction(db, mode, body) begins a transaction, calls body(tx) and commits when the body
// succeeded. When the begin, the body or the commit fails with kTransactionConflict (deadlock,
// serialization failure, SQLite busy; services also map a lost race on a unique key to it), the
// transaction is rolled back and the whole body runs again, up to kTransactionAttemptsMax times
// with a short random back-off. Any other error is returned at once, after the rollback.
//
// The body may therefore run more than once: it must not consume or mutate what it captures
// (read the request, build the result afresh each time).
#pragma once

#include <memory>
#include <type_traits>
#include <utility>

#include "base/result.h"
#include "storage/database.h"

namespace mamon::service {

// Enough for any realistic burst of conflicts; beyond it the caller gets kTransactionConflict
// (HTTP 503) rather than a request that never ends.
inline constexpr int kTransactionAttemptsMax = 8;

namespace detail {
// Sleeps a random 0..2^attempt ms (capped), so that retrying rivals do not collide again.
void transaction_retry_backoff(int attempt);
}  // namespace detail

template <typename Body>
auto run_transaction(storage::Database& db, storage::TxMode mode, Body&& body)
    -> decltype(body(std::declval<storage::Transaction&>())) {
  using R = decltype(body(std::declval<storage::Transaction&>()));
  for (int attempt = 1;; ++attempt) {
    Error error;
    Result<std::unique_ptr<storage::Transaction>> tx = db.begin(mode);
    if (!tx.ok()) {
      error = tx.error();
    } else {
      R result = body(**tx);
      if (!result.ok()) {
        error = result.error();
      } else {
        Status committed = (*tx)->commit();
        if (committed.ok()) return result;
        error = committed.error();
      }
    }
    if (error.code != ErrorCode::kTransactionConflict || attempt >= kTransactionAttemptsMax) {
      return R(std::move(error));
    }
    detail::transaction_retry_backoff(attempt);
  }
}

}  // namespace mamon::service
