#include "service/transactions.h"

#include <gtest/gtest.h>

#include <deque>

namespace mamon::service {
namespace {

// A Database whose transactions fail (or not) as scripted, to test the retry loop alone.
class ScriptedDatabase : public storage::Database {
 public:
  std::deque<Status> commit_results;  // per begin(), in order; default: success
  int begins = 0;
  int commits = 0;

  Result<std::unique_ptr<storage::Transaction>> begin(storage::TxMode) override {
    ++begins;
    Status result = ok_status();
    if (!commit_results.empty()) {
      result = commit_results.front();
      commit_results.pop_front();
    }
    return std::unique_ptr<storage::Transaction>(new ScriptedTransaction(this, result));
  }
  storage::Backend backend() const override { return storage::Backend::kSqlite; }
  PoolStats pool_stats() const override { return {}; }

 private:
  class ScriptedTransaction : public storage::Transaction {
   public:
    ScriptedTransaction(ScriptedDatabase* db, Status commit_result)
        : db_(db), commit_result_(std::move(commit_result)) {}
    Result<storage::QueryResult> query(std::string_view, std::span<const storage::Param>) override {
      return storage::QueryResult{};
    }
    Status commit() override {
      ++db_->commits;
      return commit_result_;
    }
    storage::Backend backend() const override { return storage::Backend::kSqlite; }

   private:
    ScriptedDatabase* db_;
    Status commit_result_;
  };
};

Error conflict() {
  return make_error(ErrorCode::kTransactionConflict, "deadlock");
}

TEST(RunTransaction, CommitsOnceOnSuccess) {
  ScriptedDatabase db;
  int runs = 0;
  Result<int> r = run_transaction(db, storage::TxMode::kWrite, [&](storage::Transaction&) {
    ++runs;
    return Result<int>(7);
  });
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 7);
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(db.commits, 1);
}

TEST(RunTransaction, RetriesTheWholeBodyOnConflictAtCommit) {
  ScriptedDatabase db;
  db.commit_results = {conflict(), conflict()};
  int runs = 0;
  Status s = run_transaction(db, storage::TxMode::kWrite, [&](storage::Transaction&) -> Status {
    ++runs;
    return ok_status();
  });
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(runs, 3);
  EXPECT_EQ(db.begins, 3);
}

TEST(RunTransaction, RetriesOnConflictFromTheBody) {
  ScriptedDatabase db;
  int runs = 0;
  Result<int> r = run_transaction(db, storage::TxMode::kWrite, [&](storage::Transaction&) {
    return ++runs < 3 ? Result<int>(conflict()) : Result<int>(runs);
  });
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 3);
  EXPECT_EQ(db.commits, 1) << "failed bodies are rolled back, never committed";
}

TEST(RunTransaction, GivesUpAfterTheAttemptLimit) {
  ScriptedDatabase db;
  int runs = 0;
  Status s = run_transaction(db, storage::TxMode::kWrite, [&](storage::Transaction&) -> Status {
    ++runs;
    return conflict();
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kTransactionConflict);
  EXPECT_EQ(runs, kTransactionAttemptsMax);
}

TEST(RunTransaction, OtherErrorsReturnAtOnce) {
  ScriptedDatabase db;
  int runs = 0;
  Status s = run_transaction(db, storage::TxMode::kWrite, [&](storage::Transaction&) -> Status {
    ++runs;
    return make_error(ErrorCode::kInsufficientFunds, "no money");
  });
  EXPECT_EQ(s.error().code, ErrorCode::kInsufficientFunds);
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(db.commits, 0);

  db.commit_results = {make_error(ErrorCode::kUnavailable, "server gone")};
  Status committed = run_transaction(db, storage::TxMode::kWrite,
                                     [&](storage::Transaction&) -> Status { return ok_status(); });
  EXPECT_EQ(committed.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace mamon::service
