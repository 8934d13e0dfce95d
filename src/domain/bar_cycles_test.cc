#include "domain/bar_cycles.h"

#include <gtest/gtest.h>

namespace mamon::domain {
namespace {

CycleCount count(std::int64_t cash_cents, std::int64_t meter1, std::int64_t meter2) {
  return CycleCount{Cents(cash_cents), meter1, meter2};
}

TEST(SummarizeBarCycle, CashMovesChangeWhatTheDrawerShouldHold) {
  BarCycleSums sums;
  sums.sales = {Cents(0), Cents(700), Cents(0), Cents(0)};
  sums.cash_moved_in = Cents(2500);
  sums.cash_moved_out = Cents(8000);
  auto s = summarize_bar_cycle(count(10000, 0, 0), count(5200, 0, 0), sums);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->cash_moved_in, Cents(2500));
  EXPECT_EQ(s->cash_moved_out, Cents(8000));
  EXPECT_EQ(s->expected_cash, Cents(5200));  // 100.00 + 7.00 + 25.00 - 80.00
  EXPECT_EQ(*s->cash_difference, Cents(0));
}

TEST(SummarizeBarCycle, ClosedCycleWithEveryKindOfMoney) {
  BarCycleSums sums;
  sums.sales = {Cents(1500), Cents(700), Cents(450), Cents(0)};
  sums.top_ups = {Cents(2000), Cents(1000), Cents(0), Cents(0)};
  sums.refunds = {Cents(300), Cents(0), Cents(0), Cents(0)};
  sums.products = {{1, "Beer", 10, Cents(2000)}, {2, "Cola", 3, Cents(650)}};

  auto s = summarize_bar_cycle(count(10000, 100, 200), count(12350, 160, 230), sums);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->sales_total, Cents(2650));
  EXPECT_EQ(s->top_ups_total, Cents(3000));
  EXPECT_EQ(s->refunds_total, Cents(300));
  EXPECT_EQ(s->opening_cash, Cents(10000));
  // 100.00 + 7.00 cash sales + 20.00 cash top-ups - 3.00 cash refund
  EXPECT_EQ(s->expected_cash, Cents(12400));
  ASSERT_TRUE(s->counted_cash.has_value());
  EXPECT_EQ(*s->counted_cash, Cents(12350));
  EXPECT_EQ(*s->cash_difference, Cents(-50));
  ASSERT_TRUE(s->flow_meter_deltas.has_value());
  EXPECT_EQ(s->flow_meter_deltas->meter1, 60);
  EXPECT_EQ(s->flow_meter_deltas->meter2, 30);
  ASSERT_EQ(s->products.size(), 2u);
  EXPECT_EQ(s->products[1].revenue, Cents(650));
}

TEST(SummarizeBarCycle, PinAndWalletMoneyNeverTouchTheDrawer) {
  BarCycleSums sums;
  sums.sales = {Cents(5000), Cents(0), Cents(4000), Cents(0)};
  sums.top_ups = {Cents(0), Cents(2500), Cents(1000), Cents(0)};
  sums.refunds = {Cents(0), Cents(700), Cents(0), Cents(0)};
  auto s = summarize_bar_cycle(count(5000, 0, 0), count(5000, 0, 0), sums);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->expected_cash, Cents(5000));
  EXPECT_EQ(*s->cash_difference, Cents(0));
}

TEST(SummarizeBarCycle, OpenCycleHasNoCountNoDifferenceNoDeltas) {
  BarCycleSums sums;
  sums.sales.cash = Cents(250);
  auto s = summarize_bar_cycle(count(1000, 5, 6), std::nullopt, sums);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->expected_cash, Cents(1250));
  EXPECT_FALSE(s->counted_cash.has_value());
  EXPECT_FALSE(s->cash_difference.has_value());
  EXPECT_FALSE(s->flow_meter_deltas.has_value());
}

TEST(SummarizeBarCycle, EmptyCycleAndSurplusCash) {
  auto s = summarize_bar_cycle(count(0, 0, 0), count(125, 0, 0), BarCycleSums{});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->sales_total, Cents(0));
  EXPECT_EQ(s->expected_cash, Cents(0));
  EXPECT_EQ(*s->cash_difference, Cents(125));
}

TEST(SummarizeBarCycle, RefundsCanMakeExpectedCashNegative) {
  BarCycleSums sums;
  sums.refunds.cash = Cents(500);
  auto s = summarize_bar_cycle(count(200, 0, 0), count(0, 0, 0), sums);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->expected_cash, Cents(-300));
  EXPECT_EQ(*s->cash_difference, Cents(300));
}

TEST(SummarizeBarCycle, MeterResetGivesNegativeDelta) {
  auto s = summarize_bar_cycle(count(0, 900, 10), count(0, 20, 15), BarCycleSums{});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->flow_meter_deltas->meter1, -880);
  EXPECT_EQ(s->flow_meter_deltas->meter2, 5);
}

TEST(SummarizeBarCycle, OverflowIsAnError) {
  BarCycleSums sums;
  sums.sales.cash = Cents(INT64_MAX);
  auto s = summarize_bar_cycle(count(1, 0, 0), std::nullopt, sums);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidAmount);
  auto meters = summarize_bar_cycle(count(0, INT64_MIN, 0), count(0, 1, 0), BarCycleSums{});
  EXPECT_EQ(meters.error().code, ErrorCode::kInvalidAmount);
}

}  // namespace
}  // namespace mamon::domain
