#include "storage/login_attempts_repo.h"

#include <string>

namespace mamon::storage {
namespace {

// Scope names as stored (the CHECK constraint of 0003_login_hardening.sql).
constexpr std::string_view kPairScope = "pair";
constexpr std::string_view kAddressScope = "address";
constexpr std::string_view kUsernameScope = "username";

Status add_failure(Transaction& tx, std::string_view scope, std::string_view username,
                   std::string_view address, TimestampUs now_us, TimestampUs forget_before_us) {
  MAMON_TRY(QueryResult result,
            tx.query("INSERT INTO login_attempts (scope, username, address, failures, "
                     "last_failure_at_us) VALUES ($1, $2, $3, 1, $4) "
                     "ON CONFLICT (scope, username, address) DO UPDATE SET "
                     "failures = CASE WHEN login_attempts.last_failure_at_us < $5 THEN 1 "
                     "ELSE login_attempts.failures + 1 END, "
                     "last_failure_at_us = $4",
                     {std::string(scope), std::string(username), std::string(address), now_us,
                      forget_before_us}));
  (void)result;
  return ok_status();
}

}  // namespace

Result<LoginFailureCounts> find_login_failures(Transaction& tx, std::string_view username,
                                               std::string_view address,
                                               TimestampUs forget_before_us) {
  MAMON_TRY(QueryResult result,
            tx.query("SELECT scope, failures, last_failure_at_us FROM login_attempts "
                     "WHERE last_failure_at_us >= $3 AND ("
                     "(scope = 'pair' AND username = $1 AND address = $2) OR "
                     "(scope = 'address' AND username = '' AND address = $2) OR "
                     "(scope = 'username' AND username = $1 AND address = ''))",
                     {std::string(username), std::string(address), forget_before_us}));
  LoginFailureCounts counts;
  for (const Row& row : result.rows) {
    const std::string scope = row.get_text(0);
    LoginFailures failures{row.get_int(1), row.get_int(2)};
    if (scope == kPairScope) {
      counts.pair = failures;
    } else if (scope == kAddressScope) {
      counts.address = failures;
    } else if (scope == kUsernameScope) {
      counts.username = failures;
    }
  }
  return counts;
}

Status record_login_failure(Transaction& tx, std::string_view username, std::string_view address,
                            TimestampUs now_us, TimestampUs forget_before_us) {
  MAMON_RETURN_IF_ERROR(add_failure(tx, kPairScope, username, address, now_us, forget_before_us));
  MAMON_RETURN_IF_ERROR(add_failure(tx, kAddressScope, "", address, now_us, forget_before_us));
  MAMON_RETURN_IF_ERROR(add_failure(tx, kUsernameScope, username, "", now_us, forget_before_us));
  MAMON_TRY(QueryResult pruned, tx.query("DELETE FROM login_attempts WHERE last_failure_at_us < $1",
                                         {forget_before_us}));
  (void)pruned;
  return ok_status();
}

Status clear_login_failures_of_pair(Transaction& tx, std::string_view username,
                                    std::string_view address) {
  MAMON_TRY(QueryResult result,
            tx.query("DELETE FROM login_attempts WHERE scope = 'pair' AND username = $1 AND "
                     "address = $2",
                     {std::string(username), std::string(address)}));
  (void)result;
  return ok_status();
}

}  // namespace mamon::storage
