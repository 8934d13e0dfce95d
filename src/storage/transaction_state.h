// Internal to the storage backends: the bookkeeping every Transaction implementation shares
// (database.h's contract): after commit() the transaction must not be used (a programmer error,
// CHECK), and after any failed query it is poisoned — every further call fails with the first
// error's message until the transaction is destroyed (which rolls it back).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/check.h"
#include "base/result.h"

namespace mamon::storage {

// The error of a deferred statement (Transaction::defer) that changed `changed` rows instead of
// `expected` (kInternal, naming the start of the statement).
Error deferred_row_count_error(std::string_view sql, std::int64_t changed, std::int64_t expected);

class TransactionState {
 public:
  // ok, or kInternal "transaction aborted by an earlier error: ..." once poisoned. CHECKs that
  // the transaction has not finished.
  Status check_usable() const {
    MAMON_CHECK_MSG(!finished_, "Transaction used after commit()");
    if (failure_) {
      return make_error(ErrorCode::kInternal,
                        "transaction aborted by an earlier error: " + *failure_);
    }
    return ok_status();
  }

  // Records the first failure and hands `error` back, for `return state.poison(error);`.
  Error poison(Error error) {
    if (!failure_) failure_ = error.message;
    return error;
  }

  bool finished() const { return finished_; }
  void finish() { finished_ = true; }  // committed or rolled back

 private:
  bool finished_ = false;
  std::optional<std::string> failure_;  // the message of the error that poisoned it
};

}  // namespace mamon::storage
