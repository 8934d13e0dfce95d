// The failed-login counters of login_attempts_repo.h, on every backend.
#include "storage/login_attempts_repo.h"

#include <gtest/gtest.h>

#include "storage/storage_test_helpers.h"

namespace mamon::storage {
namespace {

constexpr TimestampUs kMinuteUs = 60'000'000;

class LoginAttemptsRepoTest : public BackendTest {
 protected:
  void fail(std::string_view username, std::string_view address, TimestampUs now_us,
            TimestampUs forget_before_us = 0) {
    auto tx = begin();
    must(record_login_failure(*tx, username, address, now_us, forget_before_us));
    must(tx->commit());
  }
  LoginFailureCounts counts(std::string_view username, std::string_view address,
                            TimestampUs forget_before_us = 0) {
    auto tx = begin(TxMode::kRead);
    return must(find_login_failures(*tx, username, address, forget_before_us));
  }
};

TEST_P(LoginAttemptsRepoTest, CountsEachFailureUnderThePairTheAddressAndTheUsername) {
  EXPECT_FALSE(counts("anna", "10.0.0.1").pair);
  fail("anna", "10.0.0.1", 10 * kMinuteUs);
  fail("anna", "10.0.0.1", 11 * kMinuteUs);
  fail("anna", "10.0.0.2", 12 * kMinuteUs);
  fail("bert", "10.0.0.1", 13 * kMinuteUs);

  LoginFailureCounts a = counts("anna", "10.0.0.1");
  ASSERT_TRUE(a.pair && a.address && a.username);
  EXPECT_EQ(a.pair->failures, 2);
  EXPECT_EQ(a.pair->last_failure_at_us, 11 * kMinuteUs);
  EXPECT_EQ(a.address->failures, 3);  // anna twice and bert, from 10.0.0.1
  EXPECT_EQ(a.address->last_failure_at_us, 13 * kMinuteUs);
  EXPECT_EQ(a.username->failures, 3);  // from both addresses
  EXPECT_EQ(a.username->last_failure_at_us, 12 * kMinuteUs);

  LoginFailureCounts c = counts("carl", "10.0.0.3");
  EXPECT_FALSE(c.pair || c.address || c.username);
}

// A username or address that looks like another key's parts never mixes with it.
TEST_P(LoginAttemptsRepoTest, KeysDoNotCollide) {
  fail("", "10.0.0.1", kMinuteUs);  // cannot come from login (blank), but must stay apart
  fail("10.0.0.1", "", kMinuteUs);
  LoginFailureCounts a = counts("anna", "10.0.0.1");
  EXPECT_FALSE(a.pair);
  EXPECT_EQ(a.address->failures, 1);
  EXPECT_FALSE(a.username);
}

TEST_P(LoginAttemptsRepoTest, ACountIsForgottenAfterItsWindowAndOldRowsArePruned) {
  fail("anna", "10.0.0.1", 10 * kMinuteUs);
  fail("anna", "10.0.0.1", 20 * kMinuteUs);
  EXPECT_EQ(counts("anna", "10.0.0.1", 15 * kMinuteUs).pair->failures, 2);
  EXPECT_FALSE(counts("anna", "10.0.0.1", 21 * kMinuteUs).pair);  // over: reads as none
  // A failure after a quiet window starts the count again at 1.
  fail("anna", "10.0.0.1", 40 * kMinuteUs, /*forget_before_us=*/25 * kMinuteUs);
  EXPECT_EQ(counts("anna", "10.0.0.1").pair->failures, 1);
  // Rows of other keys whose last failure is over are deleted while recording.
  fail("old", "10.9.9.9", 41 * kMinuteUs);
  EXPECT_EQ(count("login_attempts"), 6);
  fail("new", "10.0.0.2", 60 * kMinuteUs, /*forget_before_us=*/45 * kMinuteUs);
  EXPECT_EQ(count("login_attempts"), 3);  // only new's three rows remain
}

TEST_P(LoginAttemptsRepoTest, ClearingThePairKeepsTheOtherCounts) {
  fail("anna", "10.0.0.1", kMinuteUs);
  {
    auto tx = begin();
    must(clear_login_failures_of_pair(*tx, "anna", "10.0.0.1"));
    must(clear_login_failures_of_pair(*tx, "nobody", "10.0.0.1"));  // none: no error
    must(tx->commit());
  }
  LoginFailureCounts a = counts("anna", "10.0.0.1");
  EXPECT_FALSE(a.pair);
  EXPECT_EQ(a.address->failures, 1);
  EXPECT_EQ(a.username->failures, 1);
}

MAMON_INSTANTIATE_BACKEND_SUITE(LoginAttemptsRepoTest);

}  // namespace
}  // namespace mamon::storage
