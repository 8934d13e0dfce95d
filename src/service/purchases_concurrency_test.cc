// Concurrent sales and Idempotency-Key replays on both databases: the wallet debit is race-safe
// (never below the floor, every success paid for) and a key charges at most once.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "service/purchases_service.h"
#include "service/service_test_fixture.h"
#include "storage/ledger_repo.h"

namespace mamon::service {
namespace {

using testing::code_of;
using testing::must;

SaleRequest wallet_sale(std::int64_t holder_id, std::int64_t product_id, std::int64_t quantity) {
  SaleRequest r;
  r.input.lines = {{product_id, quantity}};
  r.input.balance = true;
  r.input.buyer_holder_id = holder_id;
  return r;
}

class ConcurrentSellTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    staff_ = add_staff("tapper");
    member_ = add_member("member");
    euro_ = add_product("One euro", 100);
  }

  std::int64_t transfer_count() { return counts().transfers; }

  domain::Caller staff_;
  domain::Caller member_;
  std::int64_t euro_ = 0;
};

// 8 threads x 500 purchases of 1.00 on one wallet holding 1,700.00: exactly 1,700 succeed.
TEST_P(ConcurrentSellTest, WalletRunsOutMidwayExactly) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 500;
  constexpr std::int64_t kAffordable = 1700;
  fund(*member_.holder_id, kAffordable * 100);
  const std::int64_t transfers_before = transfer_count();

  std::atomic<int> successes{0};
  std::atomic<int> refused{0};
  std::atomic<int> other_errors{0};
  std::atomic<bool> went_below_floor{false};
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kPerThread; ++i) {
        auto sale = sell(db(), clock_, staff_, wallet_sale(*member_.holder_id, euro_, 1));
        if (sale.ok()) {
          ++successes;
          if (*sale->view.purchase.balance_after < Cents(0)) went_below_floor = true;
        } else if (sale.error().code == ErrorCode::kInsufficientFunds) {
          ++refused;
        } else {
          ++other_errors;
          ADD_FAILURE() << error_code_name(sale.error().code) << ": " << sale.error().message;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "[ concurrency ] " << mamon::testing::backend_name(GetParam()) << ": "
            << kThreads * kPerThread << " wallet purchases (" << successes.load() << " ok, "
            << refused.load() << " insufficient_funds) by " << kThreads << " threads in " << seconds
            << " s = " << static_cast<int>(kThreads * kPerThread / seconds) << " purchases/s\n";

  EXPECT_EQ(successes.load(), kAffordable);
  EXPECT_EQ(refused.load(), kThreads * kPerThread - kAffordable);
  EXPECT_EQ(other_errors.load(), 0);
  EXPECT_FALSE(went_below_floor.load());
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(0));
  EXPECT_EQ(counts().purchases, kAffordable);
  EXPECT_EQ(transfer_count() - transfers_before, kAffordable);
  EXPECT_EQ(account(domain::kAccountSales).credits, Cents(kAffordable * 100));
}

TEST_P(ConcurrentSellTest, SameKeySameRequestReplaysWithoutCharging) {
  fund(*member_.holder_id, 1000);
  SaleRequest request = wallet_sale(*member_.holder_id, euro_, 3);
  request.idempotency_key = "5f0c1c7e-2b43-4d7e-9a43-6a0c4f1b9e01";
  auto first = sell(db(), clock_, staff_, request);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_FALSE(first->replayed);
  const auto after_first = counts();

  clock_.advance_us(60'000'000);
  auto again = sell(db(), clock_, staff_, request);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->view.purchase.id, first->view.purchase.id);
  EXPECT_EQ(again->view.purchase.total, Cents(300));
  EXPECT_EQ(*again->view.purchase.balance_after, Cents(700));
  EXPECT_EQ(again->view.purchase.created_at_us, first->view.purchase.created_at_us);
  ASSERT_EQ(again->view.purchase.lines.size(), 1u);
  EXPECT_EQ(again->view.seller.id, *staff_.personnel_id);
  EXPECT_EQ(counts(), after_first);
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(700));
}

TEST_P(ConcurrentSellTest, SameKeyDifferentRequestIsRefused) {
  fund(*member_.holder_id, 1000);
  SaleRequest request = wallet_sale(*member_.holder_id, euro_, 1);
  request.idempotency_key = "key-1";
  ASSERT_TRUE(sell(db(), clock_, staff_, request).ok());
  const auto before = counts();

  SaleRequest different = wallet_sale(*member_.holder_id, euro_, 2);
  different.idempotency_key = "key-1";
  EXPECT_EQ(code_of(sell(db(), clock_, staff_, different)), ErrorCode::kIdempotencyKeyReused);
  SaleRequest cash;
  cash.input.lines = {{euro_, 1}};
  cash.input.cash = true;
  cash.idempotency_key = "key-1";
  EXPECT_EQ(code_of(sell(db(), clock_, staff_, cash)), ErrorCode::kIdempotencyKeyReused);
  EXPECT_EQ(counts(), before);

  // Keys are per user: another staff member's "key-1" is a new request.
  domain::Caller colleague = add_staff("colleague");
  auto theirs = sell(db(), clock_, colleague, request);
  ASSERT_TRUE(theirs.ok()) << theirs.error().message;
  EXPECT_FALSE(theirs->replayed);
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(800));
}

// Four tablets retry the same request at the same moment: one purchase, four identical answers.
TEST_P(ConcurrentSellTest, ConcurrentDuplicateKeysChargeOnce) {
  fund(*member_.holder_id, 10'000);
  constexpr int kThreads = 4;
  for (int round = 0; round < 5; ++round) {
    SaleRequest request = wallet_sale(*member_.holder_id, euro_, 2);
    request.idempotency_key =
        mamon::testing::backend_name(GetParam()) + "-round-" + std::to_string(round);
    std::vector<Result<Sale>> results(kThreads, make_error(ErrorCode::kInternal, "not run"));
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        ++ready;
        while (ready.load() < kThreads) std::this_thread::yield();
        results[t] = sell(db(), clock_, staff_, request);
      });
    }
    for (std::thread& thread : threads) thread.join();
    int originals = 0;
    for (const Result<Sale>& r : results) {
      ASSERT_TRUE(r.ok()) << r.error().message;
      EXPECT_EQ(r->view.purchase.id, results[0]->view.purchase.id);
      if (!r->replayed) ++originals;
    }
    EXPECT_EQ(originals, 1) << "round " << round;
  }
  EXPECT_EQ(counts().purchases, 5);
  EXPECT_EQ(counts().idempotency_keys, 5);
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(10'000 - 5 * 200));
}

// On PostgreSQL a sale writes the `sales` account's entry before its transfer row, so the row's
// foreign-key check (FOR KEY SHARE) finds the account already updated by the sale itself and never
// share-locks the row while other sales update it (docs/ledger.md "Concurrency": those lockers
// made every later sale slower). Seen from outside: a sale that waits for the `sales` row has
// written its purchase, but has not run the transfer row's foreign-key check, which would hold a
// RowShareLock on `accounts` (no other statement of a sale takes one).
TEST_P(ConcurrentSellTest, PostgresCreditsTheSalesAccountBeforeWritingTheTransfer) {
  if (GetParam() != storage::Backend::kPostgres) GTEST_SKIP() << "PostgreSQL only (row locks)";
  fund(*member_.holder_id, 10'000);
  auto blocker = must(db().begin(storage::TxMode::kWrite), "begin");
  must(blocker->query("UPDATE accounts SET credits_cents = credits_cents WHERE name = 'sales'"),
       "lock the sales row");
  std::optional<Result<Sale>> sale;
  std::thread seller(
      [&] { sale.emplace(sell(db(), clock_, staff_, wallet_sale(*member_.holder_id, euro_, 1))); });
  // The table locks of the backend that waits for a lock (the sale), "table mode" each.
  auto locks_of_waiting_sale = [&] {
    auto tx = must(db().begin(storage::TxMode::kRead), "begin");
    return must(tx->query("SELECT l.relation::regclass::text || ' ' || l.mode FROM pg_locks l "
                          "JOIN pg_stat_activity a ON a.pid = l.pid "
                          "WHERE a.wait_event_type = 'Lock' AND a.datname = current_database() "
                          "AND l.locktype = 'relation'"),
                "pg_locks");
  };
  storage::QueryResult locks;
  for (int attempt = 0; attempt < 1000 && locks.rows.empty(); ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    locks = locks_of_waiting_sale();
  }
  std::vector<std::string> held;
  for (const storage::Row& row : locks.rows) held.push_back(row.get_text(0));
  blocker.reset();  // rolls back: the sale goes on
  seller.join();
  auto holds = [&](const std::string& lock) {
    return std::find(held.begin(), held.end(), lock) != held.end();
  };
  ASSERT_FALSE(held.empty()) << "the sale never waited for the sales row";
  EXPECT_TRUE(holds("purchases RowExclusiveLock")) << ::testing::PrintToString(held);
  EXPECT_FALSE(holds("accounts RowShareLock"))
      << "the transfer row was written before the sales account's entry: "
      << ::testing::PrintToString(held);
  ASSERT_TRUE(sale.has_value());
  EXPECT_TRUE(sale->ok()) << sale->error().message;
}

MAMON_SERVICE_SUITE(ConcurrentSellTest);

}  // namespace
}  // namespace mamon::service
