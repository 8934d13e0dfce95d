// Concurrency and pooling of a real Database on every backend under test.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "base/limits.h"
#include "storage/storage_test_helpers.h"

namespace mamon::storage {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

class DatabasePoolTest : public BackendTest {
 protected:
  void SetUp() override { empty_groups_table(); }

  std::unique_ptr<Database> open_second(int pool_size, int pool_wait_ms) {
    DatabaseOptions options;
    options.pool_size = pool_size;
    options.pool_wait_ms = pool_wait_ms;
    return must(open_database(url(), options), "open_database");
  }
};

TEST_P(DatabasePoolTest, ConcurrentWritersAllSucceed) {
  // More threads than pooled connections (4): threads queue for a connection, and on SQLite
  // for the write lock inside BEGIN IMMEDIATE; none may see kTransactionConflict or kUnavailable.
  constexpr int kThreads = 8;
  constexpr int kTransactionsPerThread = 25;
  const std::int64_t product =
      exec("INSERT INTO products (name, price_cents, stock) VALUES ($1, $2, $3) RETURNING id",
           {std::string("Counter"), std::int64_t{100}, std::int64_t{0}})
          .rows.at(0)
          .get_int(0);

  std::atomic<int> failures{0};
  std::atomic<int> max_in_use{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kTransactionsPerThread; ++i) {
        Result<std::unique_ptr<Transaction>> tx = db().begin(TxMode::kWrite);
        if (!tx.ok()) {
          ADD_FAILURE() << "begin: " << tx.error().message;
          ++failures;
          continue;
        }
        const int in_use = db().pool_stats().in_use;
        for (int seen = max_in_use.load();
             in_use > seen && !max_in_use.compare_exchange_weak(seen, in_use);) {
        }
        Result<QueryResult> updated =
            (*tx)->query("UPDATE products SET stock = stock + 1 WHERE id = $1", {product});
        Result<QueryResult> logged = (*tx)->query("INSERT INTO groups (name) VALUES ($1)",
                                                  {numbered(numbered("t", t) + "-", i)});
        Status committed = (*tx)->commit();
        if (!updated.ok() || !logged.ok() || !committed.ok()) {
          ADD_FAILURE() << "write failed: "
                        << (!updated.ok()  ? updated.error().message
                            : !logged.ok() ? logged.error().message
                                           : committed.error().message);
          ++failures;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  EXPECT_EQ(failures.load(), 0);
  auto tx = begin(TxMode::kRead);
  EXPECT_EQ(
      must(tx->query("SELECT stock FROM products WHERE id = $1", {product})).rows.at(0).get_int(0),
      kThreads * kTransactionsPerThread);
  tx.reset();
  EXPECT_EQ(count("groups"), kThreads * kTransactionsPerThread);

  const Database::PoolStats stats = db().pool_stats();
  EXPECT_EQ(stats.size_max, 4);
  EXPECT_EQ(stats.in_use, 0);
  EXPECT_GE(stats.open, 1);
  EXPECT_LE(stats.open, stats.size_max);
  EXPECT_LE(max_in_use.load(), stats.size_max);
}

TEST_P(DatabasePoolTest, StatsCountConnectionsInUse) {
  EXPECT_EQ(db().pool_stats().in_use, 0);
  auto first = begin(TxMode::kRead);
  auto second = begin(TxMode::kRead);
  Database::PoolStats stats = db().pool_stats();
  EXPECT_EQ(stats.in_use, 2);
  EXPECT_GE(stats.open, 2);
  first.reset();
  EXPECT_EQ(db().pool_stats().in_use, 1);
  second.reset();
  stats = db().pool_stats();
  EXPECT_EQ(stats.in_use, 0);
  EXPECT_GE(stats.open, 2);  // returned, not closed
}

TEST_P(DatabasePoolTest, ExhaustedPoolIsUnavailableAfterTheWait) {
  std::unique_ptr<Database> small = open_second(/*pool_size=*/1, /*pool_wait_ms=*/50);
  EXPECT_EQ(small->pool_stats().open, 1);  // opened eagerly
  auto held = must(small->begin(TxMode::kRead));
  const auto start = steady_clock::now();
  Result<std::unique_ptr<Transaction>> second = small->begin(TxMode::kRead);
  const auto waited = steady_clock::now() - start;
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(second.error().message, "database pool exhausted");
  EXPECT_GE(waited, milliseconds(45));

  held.reset();
  EXPECT_TRUE(small->begin(TxMode::kRead).ok());
}

TEST_P(DatabasePoolTest, WaiterGetsTheConnectionWhenItIsReturned) {
  std::unique_ptr<Database> small = open_second(/*pool_size=*/1, /*pool_wait_ms=*/10'000);
  auto held = must(small->begin(TxMode::kWrite));
  must(held->query("INSERT INTO groups (name) VALUES ($1)", {std::string("First")}));
  std::thread releaser([&] {
    std::this_thread::sleep_for(milliseconds(100));
    must(held->commit());
    held.reset();
  });
  const auto start = steady_clock::now();
  Result<std::unique_ptr<Transaction>> next = small->begin(TxMode::kWrite);
  const auto waited = steady_clock::now() - start;
  releaser.join();
  ASSERT_TRUE(next.ok()) << next.error().message;
  EXPECT_GE(waited, milliseconds(50));
  EXPECT_LT(waited, milliseconds(5000));
  EXPECT_EQ(must((*next)->query("SELECT count(*) FROM groups")).rows.at(0).get_int(0), 1);
}

// A write transaction's turn (SQLite: the in-process writer lock) ends with its rollback or its
// commit: the next writer of the same process goes on after each, never after the busy timeout.
TEST_P(DatabasePoolTest, TheNextWriterGoesOnAfterARollbackAndAfterACommit) {
  auto first = must(db().begin(TxMode::kWrite));
  must(first->query("INSERT INTO groups (name) VALUES ($1)", {std::string("Rolled back")}));
  std::atomic<bool> second_done{false};
  Status second_status = ok_status();
  std::thread second([&] {
    Result<std::unique_ptr<Transaction>> tx = db().begin(TxMode::kWrite);
    if (!tx.ok()) {
      second_status = tx.error();
    } else if (Result<QueryResult> inserted = (*tx)->query("INSERT INTO groups (name) VALUES ($1)",
                                                           {std::string("Committed")});
               !inserted.ok()) {
      second_status = inserted.error();
    } else {
      second_status = (*tx)->commit();
    }
    second_done = true;
  });
  first.reset();  // rolls back
  second.join();
  ASSERT_TRUE(second_status.ok()) << second_status.error().message;
  const auto start = steady_clock::now();
  auto third = must(db().begin(TxMode::kWrite));
  EXPECT_LT(steady_clock::now() - start, milliseconds(limits::kSqliteBusyTimeoutMs));
  EXPECT_EQ(must(third->query("SELECT name FROM groups")).rows.size(), 1u);
  EXPECT_TRUE(second_done);
}

TEST_P(DatabasePoolTest, TwoDatabasesOnOneStoreSeeEachOthersCommits) {
  std::unique_ptr<Database> other = open_second(2, 1000);
  {
    auto tx = must(other->begin(TxMode::kWrite));
    must(tx->query("INSERT INTO groups (name) VALUES ($1)", {std::string("Shared")}));
    must(tx->commit());
  }
  EXPECT_EQ(count("groups"), 1);
}

TEST_P(DatabasePoolTest, PostgresReplacesConnectionsKilledByTheServer) {
  if (backend() != Backend::kPostgres) GTEST_SKIP() << "PostgreSQL only";
  std::unique_ptr<Database> pool = open_second(/*pool_size=*/2, /*pool_wait_ms=*/1000);
  std::int64_t victim_pid = 0;
  {
    auto victim = must(pool->begin(TxMode::kRead));
    auto killer = must(pool->begin(TxMode::kWrite));
    victim_pid = must(victim->query("SELECT pg_backend_pid()")).rows.at(0).get_int(0);
    must(victim->commit());
    victim.reset();  // idle in the pool, below the killer's connection once that returns
    const QueryResult killed =
        must(killer->query("SELECT pg_terminate_backend($1, 5000)", {victim_pid}));
    EXPECT_TRUE(killed.rows.at(0).get_bool(0));
    must(killer->commit());
  }
  // Both pooled connections are taken; one is dead and must be replaced without an error.
  auto a = pool->begin(TxMode::kRead);
  auto b = pool->begin(TxMode::kRead);
  ASSERT_TRUE(a.ok()) << a.error().message;
  ASSERT_TRUE(b.ok()) << b.error().message;
  EXPECT_TRUE((*a)->query("SELECT 1").ok());
  EXPECT_TRUE((*b)->query("SELECT 1").ok());
}

TEST_P(DatabasePoolTest, PostgresLostConnectionIsUnavailableAndDiscarded) {
  if (backend() != Backend::kPostgres) GTEST_SKIP() << "PostgreSQL only";
  std::unique_ptr<Database> pool = open_second(/*pool_size=*/1, /*pool_wait_ms=*/1000);
  {
    auto tx = must(pool->begin(TxMode::kWrite));
    Result<QueryResult> suicide = tx->query("SELECT pg_terminate_backend(pg_backend_pid())");
    ASSERT_FALSE(suicide.ok());
    EXPECT_EQ(suicide.error().code, ErrorCode::kUnavailable) << suicide.error().message;
  }
  EXPECT_EQ(pool->pool_stats().open, 0);  // discarded, not returned
  auto fresh = pool->begin(TxMode::kRead);
  ASSERT_TRUE(fresh.ok()) << fresh.error().message;
  EXPECT_TRUE((*fresh)->query("SELECT 1").ok());
}

MAMON_INSTANTIATE_BACKEND_SUITE(DatabasePoolTest);

}  // namespace
}  // namespace mamon::storage
