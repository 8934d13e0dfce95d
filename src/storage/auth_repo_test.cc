// Refresh-token rotation and families (auth_repo.h), on every backend.
#include "storage/auth_repo.h"

#include <gtest/gtest.h>

#include "storage/storage_test_helpers.h"
#include "storage/users_repo.h"

namespace mamon::storage {
namespace {

using Outcome = RefreshTokenUse::Outcome;

class AuthRepoTest : public BackendTest {
 protected:
  void SetUp() override {
    auto tx = begin();
    NewUser user;
    user.username = "dora";
    user_id_ = must(insert_user(*tx, user));
    NewUser other;
    other.username = "eve";
    other_id_ = must(insert_user(*tx, other));
    must(tx->commit());
  }
  void insert(std::string_view jti, std::string_view family,
              std::optional<std::string_view> parent = std::nullopt) {
    auto tx = begin();
    must(insert_refresh_token(*tx, jti, user_id_, 1'000'000'000, 1, family, parent));
    must(tx->commit());
  }
  RefreshTokenUse use(std::string_view jti, std::int64_t user_id, TimestampUs now_us = 5) {
    auto tx = begin();
    RefreshTokenUse result = must(use_refresh_token(*tx, jti, user_id, now_us));
    must(tx->commit());
    return result;
  }

  std::int64_t user_id_ = 0;
  std::int64_t other_id_ = 0;
};

TEST_P(AuthRepoTest, ATokenIsRotatedOnceThenReportedAsReused) {
  insert("a", "a");
  RefreshTokenUse first = use("a", user_id_);
  EXPECT_EQ(first.outcome, Outcome::kRotated);
  EXPECT_EQ(first.family_jti, "a");
  RefreshTokenUse again = use("a", user_id_);
  EXPECT_EQ(again.outcome, Outcome::kReused);
  EXPECT_EQ(again.family_jti, "a");
  EXPECT_EQ(use("unknown", user_id_).outcome, Outcome::kInvalid);
  insert("b", "b");
  EXPECT_EQ(use("b", other_id_).outcome, Outcome::kInvalid);  // another user's
  EXPECT_EQ(use("b", user_id_).outcome, Outcome::kRotated);
}

TEST_P(AuthRepoTest, RevokingAFamilyRevokesEveryDescendantAndNoOtherFamily) {
  insert("a", "a");
  insert("b", "a", "a");
  insert("c", "a", "b");
  insert("x", "x");
  EXPECT_EQ(use("a", user_id_).outcome, Outcome::kRotated);
  EXPECT_EQ(use("b", user_id_).outcome, Outcome::kRotated);
  {
    auto tx = begin();
    EXPECT_EQ(must(revoke_refresh_token_family(*tx, "a", 9)), 3);
    EXPECT_EQ(must(revoke_refresh_token_family(*tx, "a", 10)), 0);  // already revoked
    must(tx->commit());
  }
  EXPECT_EQ(use("c", user_id_).outcome, Outcome::kInvalid);  // revoked, never used
  EXPECT_EQ(use("x", user_id_).outcome, Outcome::kRotated);
  auto tx = begin(TxMode::kRead);
  QueryResult c =
      must(tx->query("SELECT parent_jti, revoked_at_us FROM refresh_tokens WHERE jti = 'c'"));
  EXPECT_EQ(c.rows.at(0).get_text(0), "b");
  EXPECT_EQ(c.rows.at(0).get_int(1), 9);
}

MAMON_INSTANTIATE_BACKEND_SUITE(AuthRepoTest);

}  // namespace
}  // namespace mamon::storage
