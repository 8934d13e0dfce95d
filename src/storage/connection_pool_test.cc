#include "storage/connection_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace mamon::storage {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

struct FakeConnection final : PooledConnection {
  FakeConnection(int id_in, std::atomic<int>* closed_in) : id(id_in), closed(closed_in) {}
  ~FakeConnection() override { ++*closed; }
  int id;
  std::atomic<int>* closed;
};

class ConnectionPoolTest : public ::testing::Test {
 protected:
  ConnectionPool::Opener opener() {
    return [this]() -> Result<std::unique_ptr<PooledConnection>> {
      if (fail_next_open_.exchange(false)) {
        return make_error(ErrorCode::kUnavailable, "server down");
      }
      return std::unique_ptr<PooledConnection>(
          std::make_unique<FakeConnection>(++opened_, &closed_));
    };
  }

  std::atomic<int> opened_{0};
  std::atomic<int> closed_{0};
  std::atomic<bool> fail_next_open_{false};
};

TEST_F(ConnectionPoolTest, OpensLazilyAndReusesReturnedConnections) {
  ConnectionPool pool(3, 0, opener());
  EXPECT_EQ(pool.stats().open, 0);
  {
    ConnectionPool::Lease lease = std::move(pool.acquire()).value();
    EXPECT_FALSE(lease.reused());
    EXPECT_EQ(lease.connection_as<FakeConnection>().id, 1);
    const Database::PoolStats stats = pool.stats();
    EXPECT_EQ(stats.open, 1);
    EXPECT_EQ(stats.in_use, 1);
    EXPECT_EQ(stats.size_max, 3);
  }
  EXPECT_EQ(pool.stats().in_use, 0);
  EXPECT_EQ(pool.stats().open, 1);
  ConnectionPool::Lease again = std::move(pool.acquire()).value();
  EXPECT_TRUE(again.reused());
  EXPECT_EQ(again.connection_as<FakeConnection>().id, 1);
  EXPECT_EQ(opened_.load(), 1);
}

TEST_F(ConnectionPoolTest, ReusesTheMostRecentlyReturnedFirst) {
  ConnectionPool pool(2, 0, opener());
  {
    ConnectionPool::Lease a = std::move(pool.acquire()).value();
    ConnectionPool::Lease b = std::move(pool.acquire()).value();
    a.release();
    b.release();  // b (id 2) returned last
  }
  ConnectionPool::Lease next = std::move(pool.acquire()).value();
  EXPECT_EQ(next.connection_as<FakeConnection>().id, 2);
}

TEST_F(ConnectionPoolTest, ExhaustedAfterWaiting) {
  ConnectionPool pool(1, 30, opener());
  ConnectionPool::Lease held = std::move(pool.acquire()).value();
  const auto start = steady_clock::now();
  Result<ConnectionPool::Lease> second = pool.acquire();
  EXPECT_GE(steady_clock::now() - start, milliseconds(25));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(second.error().message, "database pool exhausted");
}

TEST_F(ConnectionPoolTest, ZeroWaitFailsAtOnce) {
  ConnectionPool pool(1, 0, opener());
  ConnectionPool::Lease held = std::move(pool.acquire()).value();
  EXPECT_FALSE(pool.acquire().ok());
}

TEST_F(ConnectionPoolTest, DiscardedConnectionsAreClosedAndFreeTheirSlot) {
  ConnectionPool pool(1, 0, opener());
  {
    ConnectionPool::Lease lease = std::move(pool.acquire()).value();
    lease.discard();
  }
  EXPECT_EQ(closed_.load(), 1);
  EXPECT_EQ(pool.stats().open, 0);
  ConnectionPool::Lease fresh = std::move(pool.acquire()).value();
  EXPECT_FALSE(fresh.reused());
  EXPECT_EQ(fresh.connection_as<FakeConnection>().id, 2);
}

TEST_F(ConnectionPoolTest, OpenerErrorIsReturnedAndFreesTheSlot) {
  ConnectionPool pool(1, 0, opener());
  fail_next_open_ = true;
  Result<ConnectionPool::Lease> failed = pool.acquire();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().message, "server down");
  EXPECT_EQ(pool.stats().open, 0);
  EXPECT_EQ(pool.stats().in_use, 0);
  EXPECT_TRUE(pool.acquire().ok());
}

TEST_F(ConnectionPoolTest, MovedLeaseReturnsOnce) {
  ConnectionPool pool(2, 0, opener());
  {
    ConnectionPool::Lease a = std::move(pool.acquire()).value();
    ConnectionPool::Lease b = std::move(a);
    EXPECT_FALSE(a.valid());  // NOLINT(bugprone-use-after-move): checking the moved-from state
    EXPECT_TRUE(b.valid());
    ConnectionPool::Lease c = std::move(pool.acquire()).value();
    c = std::move(b);  // c's own connection goes back first
    EXPECT_EQ(pool.stats().in_use, 1);
  }
  EXPECT_EQ(pool.stats().in_use, 0);
  EXPECT_EQ(pool.stats().open, 2);
}

TEST_F(ConnectionPoolTest, WaiterIsWokenByARelease) {
  ConnectionPool pool(1, 10'000, opener());
  ConnectionPool::Lease held = std::move(pool.acquire()).value();
  std::thread releaser([&] {
    std::this_thread::sleep_for(milliseconds(50));
    held.release();
  });
  const auto start = steady_clock::now();
  Result<ConnectionPool::Lease> next = pool.acquire();
  releaser.join();
  ASSERT_TRUE(next.ok());
  EXPECT_LT(steady_clock::now() - start, milliseconds(5000));
}

TEST_F(ConnectionPoolTest, ManyThreadsNeverExceedTheLimit) {
  constexpr int kSize = 3;
  ConnectionPool pool(kSize, 10'000, opener());
  std::atomic<int> concurrent{0};
  std::atomic<int> peak{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        Result<ConnectionPool::Lease> lease = pool.acquire();
        if (!lease.ok()) {
          ++failures;
          continue;
        }
        const int now = ++concurrent;
        for (int seen = peak.load(); now > seen && !peak.compare_exchange_weak(seen, now);) {
        }
        if (i % 17 == 0) lease->discard();
        --concurrent;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_LE(peak.load(), kSize);
  EXPECT_LE(pool.stats().open, kSize);
  EXPECT_EQ(pool.stats().in_use, 0);
  EXPECT_EQ(opened_.load() - closed_.load(), pool.stats().open);
}

TEST(ConnectionPoolDeathTest, LeaseOutlivingThePoolIsAProgrammerError) {
  EXPECT_DEATH(
      {
        std::atomic<int> closed{0};
        auto pool = std::make_unique<ConnectionPool>(1, 0, [&closed] {
          return Result<std::unique_ptr<PooledConnection>>(
              std::unique_ptr<PooledConnection>(std::make_unique<FakeConnection>(1, &closed)));
        });
        ConnectionPool::Lease lease = std::move(pool->acquire()).value();
        pool.reset();
      },
      "outlived its Database");
}

}  // namespace
}  // namespace mamon::storage
