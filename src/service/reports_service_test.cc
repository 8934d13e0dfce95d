#include "service/reports_service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "base/limits.h"
#include "service/purchases_service.h"
#include "service/service_test_fixture.h"

namespace mamon::service {
namespace {

using testing::code_of;
using testing::must;

ReportRequest report(std::string action, std::int64_t cash_cents, std::int64_t meter1 = 0,
                     std::int64_t meter2 = 0) {
  ReportRequest r;
  r.action = std::move(action);
  r.total_cash = Cents(cash_cents);
  r.flow_meter1 = meter1;
  r.flow_meter2 = meter2;
  return r;
}

class ReportsTest : public testing::ServiceTest {
 protected:
  void SetUp() override { staff_ = add_staff("tapper"); }
  domain::Caller staff_;
};

TEST_P(ReportsTest, OpenMiddleCloseWalkThroughACycle) {
  auto opened = file_report(db(), clock_, staff_, report("open", 10000, 5, 6));
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(opened->report.action, domain::ReportAction::kOpen);
  EXPECT_EQ(opened->report.bar_cycle_id, opened->cycle.id);
  EXPECT_EQ(opened->cycle.opening_report_id, opened->report.id);
  EXPECT_TRUE(opened->cycle.is_open());
  EXPECT_EQ(opened->personnel.id, *staff_.personnel_id);
  EXPECT_EQ(opened->report.total_cash, Cents(10000));
  EXPECT_EQ(opened->report.flow_meter1, 5);

  clock_.advance_us(1'000'000);
  auto middle = file_report(db(), clock_, staff_, report("MIDDLE", 12000, 7, 8));
  ASSERT_TRUE(middle.ok()) << middle.error().message;
  EXPECT_EQ(middle->report.action, domain::ReportAction::kMiddle);
  EXPECT_EQ(middle->report.bar_cycle_id, opened->cycle.id);
  EXPECT_TRUE(middle->cycle.is_open());

  clock_.advance_us(1'000'000);
  auto closed = file_report(db(), clock_, staff_, report("End", 13000, 9, 10));
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  EXPECT_EQ(closed->report.action, domain::ReportAction::kClose);
  EXPECT_EQ(closed->cycle.id, opened->cycle.id);
  EXPECT_EQ(closed->cycle.closing_report_id, closed->report.id);

  // A new cycle may open now ("create" is open's alias).
  auto next = file_report(db(), clock_, staff_, report("create", 13000));
  ASSERT_TRUE(next.ok()) << next.error().message;
  EXPECT_NE(next->cycle.id, opened->cycle.id);
}

TEST_P(ReportsTest, CycleStateErrors) {
  const auto empty = counts();
  EXPECT_EQ(code_of(file_report(db(), clock_, staff_, report("close", 0))),
            ErrorCode::kNoOpenBarCycle);
  EXPECT_EQ(code_of(file_report(db(), clock_, staff_, report("middle", 0))),
            ErrorCode::kNoOpenBarCycle);
  EXPECT_EQ(counts(), empty);
  ASSERT_TRUE(file_report(db(), clock_, staff_, report("open", 0)).ok());
  const auto open = counts();
  EXPECT_EQ(code_of(file_report(db(), clock_, staff_, report("open", 0))),
            ErrorCode::kBarCycleAlreadyOpen);
  EXPECT_EQ(counts(), open);
  ASSERT_TRUE(file_report(db(), clock_, staff_, report("close", 0)).ok());
  EXPECT_EQ(code_of(file_report(db(), clock_, staff_, report("close", 0))),
            ErrorCode::kNoOpenBarCycle);
}

TEST_P(ReportsTest, BadInputAndPermissions) {
  domain::Caller member = add_member("member");
  domain::Caller retired = add_staff("retired");
  in_tx([&](storage::Transaction& tx) {
    must(storage::set_personnel_active(tx, *retired.personnel_id, false));
    return 0;
  });
  ReportRequest long_comment = report("open", 100);
  long_comment.comment = std::string(limits::kCommentLengthMax + 1, 'c');
  ReportRequest by_retired = report("open", 100);
  by_retired.personnel_id = retired.personnel_id;
  struct Case {
    const char* name;
    const domain::Caller* caller;
    ReportRequest request;
    ErrorCode expected;
  };
  const Case cases[] = {
      {"member", &member, report("open", 100), ErrorCode::kNotPersonnel},
      {"unknown action", &staff_, report("opening", 100), ErrorCode::kInvalidReportAction},
      {"empty action", &staff_, report("", 100), ErrorCode::kInvalidReportAction},
      {"negative cash", &staff_, report("open", -1), ErrorCode::kInvalidAmount},
      {"meter too large", &staff_, report("open", 0, limits::kFlowMeterMax + 1),
       ErrorCode::kInvalidInput},
      {"negative meter", &staff_, report("open", 0, 0, -5), ErrorCode::kInvalidInput},
      {"long comment", &staff_, long_comment, ErrorCode::kInvalidInput},
      {"retired counter", &staff_, by_retired, ErrorCode::kNotPersonnel},
  };
  const auto before = counts();
  for (const Case& c : cases) {
    EXPECT_EQ(code_of(file_report(db(), clock_, *c.caller, c.request)), c.expected) << c.name;
    EXPECT_EQ(counts(), before) << c.name;
  }
  EXPECT_EQ(code_of(list_reports(db(), member, PageRequest{})), ErrorCode::kPermissionDenied);
  EXPECT_EQ(code_of(list_bar_cycles(db(), clock_, member, PageRequest{})),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(code_of(get_bar_cycle(db(), clock_, member, 1)), ErrorCode::kPermissionDenied);
  EXPECT_EQ(code_of(get_bar_cycle(db(), clock_, staff_, 424242)), ErrorCode::kNotFound);
}

TEST_P(ReportsTest, CountedByAnotherStaffMember) {
  domain::Caller colleague = add_staff("colleague");
  ReportRequest r = report("open", 100);
  r.personnel_id = colleague.personnel_id;
  auto filed = must(file_report(db(), clock_, staff_, r));
  EXPECT_EQ(filed.report.personnel_id, *colleague.personnel_id);
  EXPECT_EQ(filed.personnel.nickname, "colleague-nick");
}

// The whole evening: money before the opening and after the closing stays out of the summary.
TEST_P(ReportsTest, BarCycleSummaryNumbersAreExact) {
  domain::Caller member = add_member("member");
  std::int64_t beer = add_product("Beer", 250);
  std::int64_t cola = add_product("Cola", 180);
  auto cash_sale = [&](std::int64_t product, std::int64_t quantity) {
    SaleRequest r;
    r.input.lines = {{product, quantity}};
    r.input.cash = true;
    return must(sell(db(), clock_, staff_, r), "cash sale");
  };

  fund(*member.holder_id, 5000);  // a cash top-up before the cycle
  cash_sale(beer, 4);             // a cash sale before the cycle
  clock_.advance_us(1'000'000);
  auto opened = must(file_report(db(), clock_, staff_, report("open", 10000, 1000, 2000)));

  clock_.advance_us(10'000'000);
  cash_sale(beer, 2);  // 5.00 cash
  SaleRequest pin;
  pin.input.lines = {{cola, 1}};
  pin.input.pin = true;
  must(sell(db(), clock_, staff_, pin), "pin sale");  // 1.80 PIN
  SaleRequest wallet;
  wallet.input.lines = {{beer, 3}};
  wallet.input.balance = true;
  wallet.input.buyer_holder_id = member.holder_id;
  must(sell(db(), clock_, staff_, wallet), "wallet sale");  // 7.50 balance
  WalletUpgradeRequest top_up;
  top_up.input.amount = Cents(2000);
  top_up.input.cash = true;
  top_up.holder_id = member.holder_id;
  must(record_wallet_upgrade(db(), clock_, staff_, top_up), "cash top-up");  // +20.00 cash
  WalletUpgradeRequest pin_top_up = top_up;
  pin_top_up.input.amount = Cents(1000);
  pin_top_up.input.cash = false;
  pin_top_up.input.pin = true;
  must(record_wallet_upgrade(db(), clock_, staff_, pin_top_up), "pin top-up");  // 10.00 PIN
  WalletUpgradeRequest refund = top_up;
  refund.input.amount = Cents(500);
  refund.input.refund = true;
  refund.input.comment = "paid out";
  must(record_wallet_upgrade(db(), clock_, staff_, refund), "cash refund");  // -5.00 cash

  // While open, the window runs up to now and there is no count yet.
  clock_.advance_us(60'000'000);
  auto open_view = must(get_bar_cycle(db(), clock_, staff_, opened.cycle.id));
  EXPECT_FALSE(open_view.closing.has_value());
  EXPECT_EQ(open_view.window_to_us, clock_.now_us());
  EXPECT_EQ(open_view.summary.expected_cash, Cents(12000));
  EXPECT_FALSE(open_view.summary.counted_cash.has_value());
  EXPECT_FALSE(open_view.summary.flow_meter_deltas.has_value());

  must(file_report(db(), clock_, staff_, report("middle", 11900, 1200, 2100)));
  clock_.advance_us(3'600'000'000);
  auto closed = must(file_report(db(), clock_, staff_, report("close", 11800, 1500, 2300)));
  clock_.advance_us(1'000'000);
  cash_sale(cola, 5);  // after the cycle

  auto view = get_bar_cycle(db(), clock_, staff_, opened.cycle.id);
  ASSERT_TRUE(view.ok()) << view.error().message;
  EXPECT_EQ(view->opening.id, opened.report.id);
  ASSERT_TRUE(view->closing.has_value());
  EXPECT_EQ(view->closing->id, closed.report.id);
  EXPECT_EQ(view->window_from_us, opened.report.created_at_us);
  EXPECT_EQ(view->window_to_us, closed.report.created_at_us);
  const domain::BarCycleSummary& s = view->summary;
  EXPECT_EQ(s.sales.cash, Cents(500));
  EXPECT_EQ(s.sales.pin, Cents(180));
  EXPECT_EQ(s.sales.balance, Cents(750));
  EXPECT_EQ(s.sales.unknown, Cents(0));
  EXPECT_EQ(s.sales_total, Cents(1430));
  EXPECT_EQ(s.top_ups.cash, Cents(2000));
  EXPECT_EQ(s.top_ups.pin, Cents(1000));
  EXPECT_EQ(s.top_ups.mollie, Cents(0));
  EXPECT_EQ(s.top_ups_total, Cents(3000));
  EXPECT_EQ(s.refunds.cash, Cents(500));
  EXPECT_EQ(s.refunds.pin, Cents(0));
  EXPECT_EQ(s.refunds_total, Cents(500));
  EXPECT_EQ(s.opening_cash, Cents(10000));
  EXPECT_EQ(s.expected_cash, Cents(12000));  // 100.00 + 5.00 + 20.00 - 5.00
  ASSERT_TRUE(s.counted_cash.has_value());
  EXPECT_EQ(*s.counted_cash, Cents(11800));
  EXPECT_EQ(*s.cash_difference, Cents(-200));
  ASSERT_TRUE(s.flow_meter_deltas.has_value());
  EXPECT_EQ(s.flow_meter_deltas->meter1, 500);
  EXPECT_EQ(s.flow_meter_deltas->meter2, 300);
  ASSERT_EQ(s.products.size(), 2u);
  EXPECT_EQ(s.products[0].product_id, beer);
  EXPECT_EQ(s.products[0].product_name, "Beer");
  EXPECT_EQ(s.products[0].quantity, 5);
  EXPECT_EQ(s.products[0].revenue, Cents(1250));
  EXPECT_EQ(s.products[1].product_id, cola);
  EXPECT_EQ(s.products[1].quantity, 1);
  EXPECT_EQ(s.products[1].revenue, Cents(180));

  auto cycles = must(list_bar_cycles(db(), clock_, staff_, PageRequest{}));
  EXPECT_EQ(cycles.total, 1);
  ASSERT_EQ(cycles.items.size(), 1u);
  EXPECT_EQ(cycles.items[0].summary.cash_difference, s.cash_difference);
  auto reports = must(list_reports(db(), staff_, PageRequest{1, 2}));
  EXPECT_EQ(reports.total, 3);
  ASSERT_EQ(reports.items.size(), 2u);
  EXPECT_EQ(reports.items[0].id, closed.report.id);
  EXPECT_EQ(reports.items[1].action, domain::ReportAction::kMiddle);
}

// Tablets racing: of simultaneous openings (then closings) exactly one wins.
TEST_P(ReportsTest, ConcurrentOpeningsAndClosingsHaveOneWinner) {
  constexpr int kThreads = 4;
  for (const char* action : {"open", "close"}) {
    std::vector<ErrorCode> codes(kThreads, ErrorCode::kInternal);
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        ++ready;
        while (ready.load() < kThreads) std::this_thread::yield();
        auto filed = file_report(db(), clock_, staff_, report(action, 100));
        codes[t] = filed.ok() ? static_cast<ErrorCode>(-1) : filed.error().code;
      });
    }
    for (std::thread& thread : threads) thread.join();
    const ErrorCode loser = std::string(action) == "open" ? ErrorCode::kBarCycleAlreadyOpen
                                                          : ErrorCode::kNoOpenBarCycle;
    int winners = 0;
    for (ErrorCode code : codes) {
      if (code == static_cast<ErrorCode>(-1)) {
        ++winners;
      } else {
        EXPECT_EQ(code, loser) << action << ": " << error_code_name(code);
      }
    }
    EXPECT_EQ(winners, 1) << action;
  }
  EXPECT_EQ(counts().bar_cycles, 1);
  EXPECT_EQ(counts().reports, 2);
}

MAMON_SERVICE_SUITE(ReportsTest);

}  // namespace
}  // namespace mamon::service
