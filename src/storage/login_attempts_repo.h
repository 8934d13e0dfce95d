// Counters of FAILED logins (limits.h "Login"), kept in the database so that every instance
// sharing it sees the same counts. The policy (which limits, how long a delay) is the service's;
// this file only counts. All calls run inside the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"
#include "storage/database.h"

namespace mamon::storage {

// The three keys one login attempt is counted under.
enum class LoginAttemptScope {
  kPair,      // (typed username, client address)
  kAddress,   // client address, any username
  kUsername,  // typed username (known or not), any address
};

struct LoginFailures {
  std::int64_t failures = 0;
  TimestampUs last_failure_at_us = 0;
};

// The counters of an attempt by `username` from `address`; a scope without failures is none.
struct LoginFailureCounts {
  std::optional<LoginFailures> pair;
  std::optional<LoginFailures> address;
  std::optional<LoginFailures> username;
};

// The counts of the three keys whose last failure is at or after `forget_before_us` (older
// counts are over and read as none).
Result<LoginFailureCounts> find_login_failures(Transaction& tx, std::string_view username,
                                               std::string_view address,
                                               TimestampUs forget_before_us);

// Counts one failure at `now_us` under each of the three keys, atomically per key: a count whose
// last failure is before `forget_before_us` restarts at 1. Then deletes every row whose last
// failure is before `forget_before_us` (they count for nothing), so the table stays bounded by
// the failures of one window.
Status record_login_failure(Transaction& tx, std::string_view username, std::string_view address,
                            TimestampUs now_us, TimestampUs forget_before_us);

// Forgets the (username, address) pair's count (a successful login). No error if there is none.
Status clear_login_failures_of_pair(Transaction& tx, std::string_view username,
                                    std::string_view address);

}  // namespace mamon::storage
