// Transaction::defer (database.h) and PostgreSQL's BEGIN that goes out with the first statement,
// on every backend under test: a deferred write runs before the next query or the commit, in the
// same transaction; its failure or a wrong row count fails that call and never commits.
#include <gtest/gtest.h>

#include "storage/database.h"
#include "storage/storage_test_helpers.h"

namespace mamon::storage {
namespace {

constexpr std::string_view kInsertGroup = "INSERT INTO groups (name) VALUES ($1)";
constexpr std::int64_t kOneRow = 1;

class DeferredWritesTest : public BackendTest {
 protected:
  void SetUp() override { empty_groups_table(); }
};

// The error of a deferred write: from defer() itself (SQLite runs it at once) or from the call
// that ran it (PostgreSQL sends it with the next statement).
Error deferred_failure(Transaction& tx, std::string_view sql, std::initializer_list<Param> params,
                       std::int64_t expected_rows) {
  Status deferred = tx.defer(sql, params, expected_rows);
  if (!deferred.ok()) return deferred.error();
  Result<QueryResult> next = tx.query("SELECT 1");
  EXPECT_FALSE(next.ok()) << "the deferred write should have failed: " << sql;
  return next.ok() ? make_error(ErrorCode::kInternal, "unexpected success") : next.error();
}

TEST_P(DeferredWritesTest, RunsBeforeTheNextQueryOfTheTransaction) {
  auto tx = begin();
  must(tx->defer(kInsertGroup, {std::string("Tapper")}, kOneRow));
  must(tx->defer(kInsertGroup, {std::string("Bestuur")}, kOneRow));
  const QueryResult seen = must(tx->query("SELECT name FROM groups ORDER BY id"));
  ASSERT_EQ(seen.rows.size(), 2u);  // in the order they were deferred
  EXPECT_EQ(seen.rows[0].get_text(0), "Tapper");
  EXPECT_EQ(seen.rows[1].get_text(0), "Bestuur");
  must(tx->commit());
  EXPECT_EQ(count("groups"), 2);
}

TEST_P(DeferredWritesTest, RunAtCommitWhenNoQueryFollows) {
  auto tx = begin();
  must(tx->query(kInsertGroup, {std::string("First")}));
  must(tx->defer("UPDATE groups SET name = $1 WHERE name = $2",
                 {std::string("Renamed"), std::string("First")}, kOneRow));
  must(tx->defer(kInsertGroup, {std::string("Second")}, kOneRow));
  must(tx->commit());
  auto check = begin(TxMode::kRead);
  const QueryResult names = must(check->query("SELECT name FROM groups ORDER BY name"));
  ASSERT_EQ(names.rows.size(), 2u);
  EXPECT_EQ(names.rows[0].get_text(0), "Renamed");
  EXPECT_EQ(names.rows[1].get_text(0), "Second");
}

TEST_P(DeferredWritesTest, AWrongRowCountFailsTheCommitAndNothingStays) {
  {
    auto tx = begin();
    must(tx->query(kInsertGroup, {std::string("Before")}));
    // No such row: 0 changed, 1 expected.
    const Status deferred = tx->defer("UPDATE groups SET name = $1 WHERE name = $2",
                                      {std::string("x"), std::string("nobody")}, kOneRow);
    const Status committed = deferred.ok() ? tx->commit() : deferred;  // SQLite: at once
    ASSERT_FALSE(committed.ok());
    EXPECT_EQ(committed.error().code, ErrorCode::kInternal) << committed.error().message;
    EXPECT_NE(committed.error().message.find("changed 0 rows, not 1"), std::string::npos)
        << committed.error().message;
  }
  EXPECT_EQ(count("groups"), 0);  // the insert before it was rolled back too
  EXPECT_EQ(db().pool_stats().in_use, 0);
}

TEST_P(DeferredWritesTest, AFailedWriteIsReportedWithItsCodeAndPoisonsTheTransaction) {
  exec(kInsertGroup, {std::string("Taken")});
  {
    auto tx = begin();
    const Error error = deferred_failure(*tx, kInsertGroup, {std::string("Taken")}, kOneRow);
    EXPECT_EQ(error.code, ErrorCode::kConflict) << error.message;  // the UNIQUE on name
    Result<QueryResult> after = tx->query("SELECT 1");
    ASSERT_FALSE(after.ok());
    EXPECT_NE(after.error().message.find("earlier error"), std::string::npos);
    EXPECT_FALSE(tx->commit().ok());
  }
  EXPECT_EQ(count("groups"), 1);
  EXPECT_EQ(db().pool_stats().in_use, 0);
}

TEST_P(DeferredWritesTest, DroppedWhenTheTransactionIsRolledBack) {
  {
    auto tx = begin();
    must(tx->defer(kInsertGroup, {std::string("Gone")}, kOneRow));
  }  // destroyed without commit()
  EXPECT_EQ(count("groups"), 0);
  EXPECT_EQ(db().pool_stats().in_use, 0);
}

TEST_P(DeferredWritesTest, ATransactionThatRanNothingCommits) {
  auto tx = begin();
  EXPECT_TRUE(tx->commit().ok());
  tx.reset();
  auto read = begin(TxMode::kRead);
  EXPECT_TRUE(read->commit().ok());
  read.reset();
  EXPECT_EQ(db().pool_stats().in_use, 0);
  EXPECT_EQ(count("groups"), 0);  // and the connections still work
}

TEST_P(DeferredWritesTest, PostgresSendsBeginReadOnlyWithTheFirstStatement) {
  if (backend() != Backend::kPostgres) GTEST_SKIP() << "PostgreSQL only (SQLite's BEGIN is local)";
  auto tx = begin(TxMode::kRead);
  must(tx->defer(kInsertGroup, {std::string("Nope")}, kOneRow));
  const Status committed = tx->commit();
  ASSERT_FALSE(committed.ok());  // the server refused the write inside BEGIN READ ONLY
  EXPECT_NE(committed.error().message.find("read-only"), std::string::npos)
      << committed.error().message;
  tx.reset();
  EXPECT_EQ(count("groups"), 0);
  auto read = begin(TxMode::kRead);
  Result<QueryResult> write = read->query(kInsertGroup, {std::string("Nope")});
  ASSERT_FALSE(write.ok());
  EXPECT_NE(write.error().message.find("read-only"), std::string::npos) << write.error().message;
}

TEST_P(DeferredWritesTest, ManyDeferredWritesAreSentInBoundedBatches) {
  auto tx = begin();
  constexpr int kWrites = 150;  // more than limits::kDbDeferredStatementsMax
  for (int i = 0; i < kWrites; ++i) {
    must(tx->defer(kInsertGroup, {"g" + std::to_string(i)}, kOneRow));
  }
  must(tx->commit());
  EXPECT_EQ(count("groups"), kWrites);
}

TEST_P(DeferredWritesTest, AFailedFirstStatementKeepsTheConnectionForTheNextCaller) {
  if (backend() != Backend::kPostgres)
    GTEST_SKIP() << "PostgreSQL only (BEGIN with the first statement)";
  exec(kInsertGroup, {std::string("Taken")});
  const int open_before = db().pool_stats().open;
  {
    auto tx = begin();
    Result<QueryResult> first = tx->query(kInsertGroup, {std::string("Taken")});
    ASSERT_FALSE(first.ok());
    EXPECT_EQ(first.error().code, ErrorCode::kConflict) << first.error().message;
  }  // rolled back: the connection is idle again, not closed
  EXPECT_EQ(db().pool_stats().open, open_before);
  EXPECT_EQ(db().pool_stats().in_use, 0);
  EXPECT_EQ(count("groups"), 1);
}

MAMON_INSTANTIATE_BACKEND_SUITE(DeferredWritesTest);

}  // namespace
}  // namespace mamon::storage
