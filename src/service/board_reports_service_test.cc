#include "service/board_reports_service.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/limits.h"
#include "service/cycle_dossier.h"
#include "service/importer.h"
#include "service/online_top_ups_service.h"
#include "service/purchases_service.h"
#include "service/reports_service.h"
#include "service/service_test_fixture.h"

namespace mamon::service {
namespace {

using testing::code_of;
using testing::must;

constexpr TimestampUs kMinuteUs = 60LL * 1'000'000;
constexpr TimestampUs kHourUs = 60 * kMinuteUs;

// An instant given in UTC.
TimestampUs utc(int y, int m, int d, int hour = 0, int minute = 0) {
  using namespace std::chrono;
  sys_days day = year_month_day(year(y), month(static_cast<unsigned>(m)),
                                std::chrono::day(static_cast<unsigned>(d)));
  return duration_cast<microseconds>(day.time_since_epoch()).count() + hour * kHourUs +
         minute * kMinuteUs;
}

LocalDateRange days(LocalDate first, LocalDate last) {
  return LocalDateRange{first, last};
}

// Mollie for one payment at a time: created open, reported paid.
class PayingMollie : public MollieGateway {
 public:
  Result<MolliePaymentState> create_payment(const MolliePaymentRequest& request) const override {
    std::lock_guard lock(mutex_);
    state_.report = {"tr_board" + std::to_string(++count_), "open", request.amount, "EUR",
                     request.identifier};
    state_.checkout_url = "https://mollie.example/checkout";
    return state_;
  }
  Result<MolliePaymentState> get_payment(std::string_view mollie_id) const override {
    std::lock_guard lock(mutex_);
    if (mollie_id != state_.report.mollie_id) return make_error(ErrorCode::kNotFound, "unknown");
    MolliePaymentState paid = state_;
    paid.report.status = "paid";
    paid.checkout_url.clear();
    return paid;
  }

 private:
  mutable std::mutex mutex_;
  mutable MolliePaymentState state_;
  mutable int count_ = 0;
};

class BoardReportsTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    if (const char* tz = std::getenv("TZ")) saved_tz_ = tz;
    ASSERT_TRUE(set_time_zone("Europe/Amsterdam"));
    board_ = add_user("bestuur", false, {"Bestuur"});
    staff_ = add_staff("tapper");
  }
  void TearDown() override {
    testing::ServiceTest::TearDown();
    if (saved_tz_) {
      ::setenv("TZ", saved_tz_->c_str(), 1);
    } else {
      ::unsetenv("TZ");
    }
    ::tzset();
  }

  // A sale by the tapper at `at_us`: method "balance" (with buyer), "cash" or "pin".
  void sell_at(TimestampUs at_us, std::vector<domain::OrderLineInput> lines,
               const std::string& method, std::optional<std::int64_t> buyer = std::nullopt) {
    clock_.set_us(at_us);
    SaleRequest request;
    request.input.lines = std::move(lines);
    request.input.balance = method == "balance";
    request.input.cash = method == "cash";
    request.input.pin = method == "pin";
    request.input.buyer_holder_id = buyer;
    must(sell(db(), clock_, staff_, request), "sell");
  }

  // A cash or PIN top-up (or refund) by the tapper at `at_us`.
  void upgrade_at(TimestampUs at_us, std::int64_t holder_id, std::int64_t cents, bool pin,
                  bool refund = false) {
    clock_.set_us(at_us);
    WalletUpgradeRequest request;
    request.input.amount = Cents(cents);
    request.input.cash = !pin;
    request.input.pin = pin;
    request.input.refund = refund;
    if (refund) request.input.comment = "paid out";
    request.holder_id = holder_id;
    must(record_wallet_upgrade(db(), clock_, staff_, request), "upgrade");
  }

  // An online top-up of `member`'s wallet, paid and credited through the webhook at `at_us`.
  void mollie_top_up_at(TimestampUs at_us, const domain::Caller& member, std::int64_t cents) {
    clock_.set_us(at_us);
    OnlineTopUpSettings settings{"https://bar.example/mollie/webhook/", "https://bar.example/"};
    domain::MolliePayment payment = must(
        start_online_top_up(db(), clock_, mollie_, member, {Cents(cents), {}}, settings), "start");
    ASSERT_TRUE(payment.mollie_id.has_value());
    EXPECT_EQ(must(handle_mollie_webhook(db(), clock_, mollie_, *payment.mollie_id), "webhook"),
              WebhookOutcome::kCredited);
  }

  std::int64_t add_category(const std::string& name, std::vector<std::int64_t> products) {
    return in_tx([&](storage::Transaction& tx) {
      std::int64_t id = must(storage::insert_category(tx, name, ""), "insert_category");
      for (std::int64_t p : products) must(storage::add_product_to_category(tx, id, p), "link");
      return id;
    });
  }

  std::int64_t add_product_with_account(const std::string& name, std::int64_t price_cents,
                                        std::optional<std::string> account) {
    return in_tx([&](storage::Transaction& tx) {
      storage::NewProduct product;
      product.name = name;
      product.price = Cents(price_cents);
      product.grootboek_waarde = std::move(account);
      return must(storage::insert_product(tx, product), "insert_product");
    });
  }

  // The management pages come with the next issue; until then the account is edited directly.
  void set_ledger_account(std::int64_t product_id, const std::string& account) {
    in_tx([&](storage::Transaction& tx) {
      return must(tx.query("UPDATE products SET grootboek_waarde = $1 WHERE id = $2",
                           {account, product_id}),
                  "update product");
    });
  }

  Cents cached_liability() {
    return in_tx([&](storage::Transaction& tx) {
      return Cents(must(tx.query("SELECT COALESCE(SUM(credits_cents - debits_cents), 0) "
                                 "FROM accounts WHERE kind = 'wallet'"))
                       .rows.at(0)
                       .get_int(0));
    });
  }

  domain::Caller board_;
  domain::Caller staff_;
  PayingMollie mollie_;
  std::optional<std::string> saved_tz_;
};

domain::SalesByMethod methods(std::int64_t balance, std::int64_t cash, std::int64_t pin,
                              std::int64_t unknown = 0) {
  return domain::SalesByMethod{Cents(balance), Cents(cash), Cents(pin), Cents(unknown)};
}

void expect_sales(const SalesFigures& f, const domain::SalesByMethod& by_method, std::int64_t count,
                  const std::string& what) {
  SCOPED_TRACE(what);
  EXPECT_EQ(f.by_method.balance, by_method.balance);
  EXPECT_EQ(f.by_method.cash, by_method.cash);
  EXPECT_EQ(f.by_method.pin, by_method.pin);
  EXPECT_EQ(f.by_method.unknown, by_method.unknown);
  EXPECT_EQ(f.total, Cents(by_method.balance.value() + by_method.cash.value() +
                           by_method.pin.value() + by_method.unknown.value()));
  EXPECT_EQ(f.count, count);
}

// The two days 2026-11-24 and -25 (local), hand-computed:
//   before: 23 Nov 21:00 UTC (22:00 local) cash top-up of 3.00 for the member
//   24 Nov: top-ups member 20.00 cash, visitor 5.00 PIN; member 2 beer at 2.50 (balance),
//           cash sale cola 2.00 + chips 1.50, PIN sale beer 2.50; member refund 1.00 cash
//   beer's price becomes 3.00
//   25 Nov: member beer at 3.00 (balance), visitor cola 2.00 (balance), Mollie 10.00 member
//   after: 26 Nov 00:30 local (25 Nov 23:30 UTC) member cola 2.00 (balance)
class OverviewTest : public BoardReportsTest {
 protected:
  void SetUp() override {
    BoardReportsTest::SetUp();
    member_ = add_member("member");
    visitor_ = add_user("visitor", false, {"Bezoekers"});
    beer_ = add_product_with_account("Beer", 250, "8000 Bier");
    cola_ = add_product_with_account("Cola", 200, "8010 Fris");
    chips_ = add_product_with_account("Chips", 150, std::nullopt);
    add_category("Drinks", {beer_, cola_});
    add_category("Alcohol", {beer_});

    const std::int64_t m = *member_.holder_id;
    const std::int64_t v = *visitor_.holder_id;
    upgrade_at(utc(2026, 11, 23, 21), m, 300, false);
    upgrade_at(utc(2026, 11, 24, 9), m, 2000, false);
    upgrade_at(utc(2026, 11, 24, 9, 5), v, 500, true);
    sell_at(utc(2026, 11, 24, 10), {{beer_, 2}}, "balance", m);
    sell_at(utc(2026, 11, 24, 10, 5), {{cola_, 1}, {chips_, 1}}, "cash");
    sell_at(utc(2026, 11, 24, 10, 10), {{beer_, 1}}, "pin");
    upgrade_at(utc(2026, 11, 24, 11), m, 100, false, /*refund=*/true);
    in_tx([&](storage::Transaction& tx) {
      must(storage::set_product_price(tx, beer_, Cents(300)), "price");
      return 0;
    });
    sell_at(utc(2026, 11, 25, 12), {{beer_, 1}}, "balance", m);
    sell_at(utc(2026, 11, 25, 12, 5), {{cola_, 1}}, "balance", v);
    mollie_top_up_at(utc(2026, 11, 25, 13), member_, 1000);
    sell_at(utc(2026, 11, 25, 23, 30), {{cola_, 1}}, "balance", m);
  }

  Overview two_days() {
    return must(overview(db(), board_, days({2026, 11, 24}, {2026, 11, 25})), "overview");
  }

  domain::Caller member_, visitor_;
  std::int64_t beer_ = 0, cola_ = 0, chips_ = 0;
};

TEST_P(OverviewTest, SalesByMethodAndBuyerWithVisitorsApart) {
  const Overview o = two_days();
  EXPECT_EQ(o.range, (TimeRange{utc(2026, 11, 23, 23), utc(2026, 11, 25, 23)}));
  expect_sales(o.sales, methods(500 + 300 + 200, 350, 250), 5, "all");
  expect_sales(o.by_buyer.members, methods(800, 0, 0), 2, "members");
  expect_sales(o.by_buyer.visitors, methods(200, 0, 0), 1, "visitors");
  expect_sales(o.by_buyer.anonymous, methods(0, 350, 250), 2, "anonymous");
}

TEST_P(OverviewTest, LedgerAccountsFromTheLineSnapshotsSumToSales) {
  const Overview o = two_days();
  ASSERT_EQ(o.by_ledger_account.size(), 3u);
  EXPECT_EQ(o.by_ledger_account[0].ledger_account, "8000 Bier");
  // The price change inside the range: 2 x 2.50 and 1 x 2.50 before it, 1 x 3.00 after.
  expect_sales(o.by_ledger_account[0].sales, methods(800, 0, 250), 4, "8000");
  EXPECT_EQ(o.by_ledger_account[1].ledger_account, "8010 Fris");
  expect_sales(o.by_ledger_account[1].sales, methods(200, 200, 0), 2, "8010");
  EXPECT_EQ(o.by_ledger_account[2].ledger_account, std::nullopt);  // chips: none
  expect_sales(o.by_ledger_account[2].sales, methods(0, 150, 0), 1, "none");
  Cents sum;
  for (const LedgerAccountSales& a : o.by_ledger_account) sum = must(sum.plus(a.sales.total));
  EXPECT_EQ(sum, o.sales.total);
}

TEST_P(OverviewTest, EditingALedgerAccountLaterChangesNoPastFigure) {
  set_ledger_account(beer_, "9999 Anders");
  const Overview o = two_days();
  ASSERT_EQ(o.by_ledger_account.size(), 3u);
  EXPECT_EQ(o.by_ledger_account[0].ledger_account, "8000 Bier");
  expect_sales(o.by_ledger_account[0].sales, methods(800, 0, 250), 4, "8000 still");
  // A sale after the edit takes the new account.
  sell_at(utc(2026, 11, 25, 14), {{beer_, 1}}, "cash");
  const Overview after = two_days();
  ASSERT_EQ(after.by_ledger_account.size(), 4u);
  EXPECT_EQ(after.by_ledger_account[2].ledger_account, "9999 Anders");
  expect_sales(after.by_ledger_account[2].sales, methods(0, 300, 0), 1, "9999");
  expect_sales(after.by_ledger_account[0].sales, methods(800, 0, 250), 4, "8000 unchanged");
}

TEST_P(OverviewTest, CategoriesCountALineInEachOfItsCategories) {
  const Overview o = two_days();
  ASSERT_EQ(o.by_category.size(), 3u);
  EXPECT_EQ(o.by_category[0].category_name, "Alcohol");
  expect_sales(o.by_category[0].sales, methods(800, 0, 250), 4, "Alcohol");
  EXPECT_EQ(o.by_category[1].category_name, "Drinks");
  expect_sales(o.by_category[1].sales, methods(1000, 200, 250), 6, "Drinks");
  EXPECT_EQ(o.by_category[2].category_id, std::nullopt);
  expect_sales(o.by_category[2].sales, methods(0, 150, 0), 1, "no category");
  // They overlap: beer is in both, so the sum exceeds the sales.
  EXPECT_GT(o.by_category[0].sales.total.value() + o.by_category[1].sales.total.value() +
                o.by_category[2].sales.total.value(),
            o.sales.total.value());
}

TEST_P(OverviewTest, TopUpsByMethodWithMollieAndRefundsApart) {
  const Overview o = two_days();
  EXPECT_EQ(o.top_ups.by_method.cash, Cents(2000));
  EXPECT_EQ(o.top_ups.by_method.pin, Cents(500));
  EXPECT_EQ(o.top_ups.by_method.mollie, Cents(1000));
  EXPECT_EQ(o.top_ups.by_method.unknown, Cents(0));
  EXPECT_EQ(o.top_ups.total, Cents(3500));
  EXPECT_EQ(o.top_ups.count, 3);
  EXPECT_EQ(o.refunds.by_method.cash, Cents(100));
  EXPECT_EQ(o.refunds.by_method.pin, Cents(0));
  EXPECT_EQ(o.refunds.total, Cents(100));
  EXPECT_EQ(o.refunds.count, 1);
}

TEST_P(OverviewTest, ReconciliationFromTheLedgerBalances) {
  const Reconciliation r = two_days().reconciliation;
  EXPECT_EQ(r.opening, Cents(300));
  struct Expected {
    const char* kind;
    const char* counter;
    std::int64_t transfers, into, out;
  };
  const std::vector<Expected> expected = {
      {"mollie_top_up", "mollie_clearing", 1, 1000, 0},
      {"purchase", "sales", 3, 0, 500 + 300 + 200},
      {"refund", "cash_drawer", 1, 0, 100},
      {"top_up", "cash_drawer", 1, 2000, 0},
      {"top_up", "pin_terminal", 1, 500, 0},
  };
  ASSERT_EQ(r.lines.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(r.lines[i].kind, expected[i].kind);
    EXPECT_EQ(r.lines[i].counter_account, expected[i].counter);
    EXPECT_EQ(r.lines[i].transfers, expected[i].transfers);
    EXPECT_EQ(r.lines[i].into_wallets, Cents(expected[i].into));
    EXPECT_EQ(r.lines[i].out_of_wallets, Cents(expected[i].out));
    EXPECT_EQ(r.lines[i].net, Cents(expected[i].into - expected[i].out));
  }
  EXPECT_EQ(r.movements_net, Cents(2400));
  EXPECT_EQ(r.closing, Cents(2700));
  EXPECT_TRUE(r.balances);

  // The whole history ends at today's balances (the cola after the range included).
  const Overview all = must(overview(db(), board_, days({2026, 11, 1}, {2026, 11, 30})));
  EXPECT_EQ(all.reconciliation.opening, Cents(0));
  EXPECT_EQ(all.reconciliation.closing, cached_liability());
  EXPECT_EQ(all.reconciliation.closing, Cents(2500));
  EXPECT_TRUE(all.reconciliation.balances);
}

TEST_P(OverviewTest, LocalDaysBoundTheRange) {
  // 25 Nov alone: the sale at 00:30 local on the 26th is not in it, the 22:00 top-up of the
  // 23rd not in the 24th.
  const Overview day25 = must(overview(db(), board_, days({2026, 11, 25}, {2026, 11, 25})));
  expect_sales(day25.sales, methods(500, 0, 0), 2, "25 Nov");
  const Overview day26 = must(overview(db(), board_, days({2026, 11, 26}, {2026, 11, 26})));
  expect_sales(day26.sales, methods(200, 0, 0), 1, "26 Nov");
  const Overview day23 = must(overview(db(), board_, days({2026, 11, 23}, {2026, 11, 23})));
  EXPECT_EQ(day23.top_ups.total, Cents(300));
  EXPECT_EQ(day23.reconciliation.closing, Cents(300));
  EXPECT_TRUE(day23.reconciliation.balances);
}

TEST_P(OverviewTest, DailyGridOfProductsByDayWithTotals) {
  GridRequest request;
  request.dates = days({2026, 11, 24}, {2026, 11, 26});
  DailyGrid grid = must(daily_grid(db(), board_, request));
  ASSERT_EQ(grid.periods.size(), 3u);
  EXPECT_EQ(grid.periods[0].first, (LocalDate{2026, 11, 24}));
  EXPECT_EQ(grid.periods[2].range.end_us, utc(2026, 11, 26, 23));
  ASSERT_EQ(grid.rows.size(), 3u);  // by name
  EXPECT_EQ(grid.rows[0].product_name, "Beer");
  EXPECT_EQ(grid.rows[0].cells, (std::vector<std::int64_t>{750, 300, 0}));
  EXPECT_EQ(grid.rows[0].total, 1050);
  EXPECT_EQ(grid.rows[1].product_name, "Chips");
  EXPECT_EQ(grid.rows[1].cells, (std::vector<std::int64_t>{150, 0, 0}));
  EXPECT_EQ(grid.rows[2].product_name, "Cola");
  EXPECT_EQ(grid.rows[2].cells, (std::vector<std::int64_t>{200, 200, 200}));
  EXPECT_EQ(grid.column_totals, (std::vector<std::int64_t>{1100, 500, 200}));
  EXPECT_EQ(grid.grand_total, 1800);

  request.measure = GridMeasure::kQuantity;
  request.category_id = add_category("Fris", {cola_});
  grid = must(daily_grid(db(), board_, request));
  ASSERT_EQ(grid.rows.size(), 1u);
  EXPECT_EQ(grid.rows[0].product_name, "Cola");
  EXPECT_EQ(grid.rows[0].cells, (std::vector<std::int64_t>{1, 1, 1}));
  EXPECT_EQ(grid.grand_total, 3);

  // Months, clipped to the dates.
  request.dates = days({2026, 10, 15}, {2026, 11, 25});
  request.granularity = GridGranularity::kMonth;
  request.measure = GridMeasure::kCents;
  request.category_id.reset();
  grid = must(daily_grid(db(), board_, request));
  ASSERT_EQ(grid.periods.size(), 2u);
  EXPECT_EQ(grid.periods[0].first, (LocalDate{2026, 10, 15}));
  EXPECT_EQ(grid.periods[0].last, (LocalDate{2026, 10, 31}));
  EXPECT_EQ(grid.periods[1].first, (LocalDate{2026, 11, 1}));
  EXPECT_EQ(grid.periods[1].last, (LocalDate{2026, 11, 25}));
  EXPECT_EQ(grid.column_totals, (std::vector<std::int64_t>{0, 1600}));
  EXPECT_EQ(grid.grand_total, 1600);
}

TEST_P(OverviewTest, ProductSalesPerDay) {
  ProductSales sales =
      must(product_sales(db(), board_, beer_, days({2026, 11, 23}, {2026, 11, 25})));
  EXPECT_EQ(sales.product.name, "Beer");
  ASSERT_EQ(sales.days.size(), 3u);
  EXPECT_EQ(sales.days[0].date, (LocalDate{2026, 11, 23}));
  EXPECT_EQ(sales.days[0].quantity, 0);
  EXPECT_EQ(sales.days[1].quantity, 3);
  EXPECT_EQ(sales.days[1].revenue, Cents(750));
  EXPECT_EQ(sales.days[2].quantity, 1);
  EXPECT_EQ(sales.days[2].revenue, Cents(300));  // after the price change
  EXPECT_EQ(sales.quantity, 4);
  EXPECT_EQ(sales.revenue, Cents(1050));
  EXPECT_EQ(code_of(product_sales(db(), board_, 999'999, days({2026, 11, 23}, {2026, 11, 25}))),
            ErrorCode::kProductNotFound);
}

MAMON_SERVICE_SUITE(OverviewTest);

// The October change: 2026-10-25 has 25 hours in Europe/Amsterdam (03:00 CEST -> 02:00 CET at
// 01:00 UTC).
class DstTest : public BoardReportsTest {};

TEST_P(DstTest, DayBucketsFollowTheLocalDayOf25Hours) {
  const std::int64_t beer = add_product("Beer", 250);
  sell_at(utc(2026, 10, 24, 21, 30), {{beer, 1}}, "cash");  // 23:30 CEST on the 24th
  sell_at(utc(2026, 10, 24, 22, 30), {{beer, 2}}, "cash");  // 00:30 CEST on the 25th
  sell_at(utc(2026, 10, 25, 22, 30), {{beer, 4}}, "cash");  // 23:30 CET on the 25th
  sell_at(utc(2026, 10, 25, 23, 30), {{beer, 8}}, "cash");  // 00:30 CET on the 26th

  GridRequest request;
  request.dates = days({2026, 10, 24}, {2026, 10, 26});
  request.measure = GridMeasure::kQuantity;
  const DailyGrid grid = must(daily_grid(db(), board_, request));
  ASSERT_EQ(grid.periods.size(), 3u);
  EXPECT_EQ(grid.periods[1].range, (TimeRange{utc(2026, 10, 24, 22), utc(2026, 10, 25, 23)}));
  EXPECT_EQ(grid.periods[1].range.end_us - grid.periods[1].range.start_us, 25 * kHourUs);
  ASSERT_EQ(grid.rows.size(), 1u);
  EXPECT_EQ(grid.rows[0].cells, (std::vector<std::int64_t>{1, 6, 8}));

  const Overview day = must(overview(db(), board_, days({2026, 10, 25}, {2026, 10, 25})));
  expect_sales(day.sales, methods(0, 1500, 0), 2, "25 Oct");
  const ProductSales product =
      must(product_sales(db(), board_, beer, days({2026, 10, 24}, {2026, 10, 26})));
  EXPECT_EQ(product.days[1].quantity, 6);
  EXPECT_EQ(product.days[1].revenue, Cents(1500));
}

TEST_P(DstTest, CycleHoursAcrossTheChangeShowHourTwoTwice) {
  const std::int64_t beer = add_product("Beer", 250);
  clock_.set_us(utc(2026, 10, 25, 0, 30));  // 02:30 CEST
  must(file_report(db(), clock_, staff_, {"open", Cents(0), 0, 0, "", {}}), "open");
  sell_at(utc(2026, 10, 25, 0, 40), {{beer, 1}}, "cash");  // 02:40 CEST
  sell_at(utc(2026, 10, 25, 1, 40), {{beer, 2}}, "pin");   // 02:40 CET
  clock_.set_us(utc(2026, 10, 25, 2, 10));                 // 03:10 CET
  ReportRequest close{"close", Cents(250), 0, 0, "", {}};
  const FiledReport closed = must(file_report(db(), clock_, staff_, close), "close");

  const CycleDossier hourly = must(cycle_dossier(db(), clock_, board_, closed.cycle.id));
  ASSERT_EQ(hourly.hours.size(), 3u);
  EXPECT_EQ(hourly.hours[0].hour, 2);
  EXPECT_EQ(hourly.hours[0].range, (TimeRange{utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 1)}));
  EXPECT_EQ(hourly.hours[1].hour, 2);
  EXPECT_EQ(hourly.hours[1].range, (TimeRange{utc(2026, 10, 25, 1), utc(2026, 10, 25, 2)}));
  EXPECT_EQ(hourly.hours[2].hour, 3);
  EXPECT_EQ(hourly.hours[2].range.end_us, utc(2026, 10, 25, 2, 10) + 1);
  expect_sales(hourly.hours[0].sales, methods(0, 250, 0), 1, "first 02");
  expect_sales(hourly.hours[1].sales, methods(0, 0, 500), 1, "second 02");
  expect_sales(hourly.hours[2].sales, methods(0, 0, 0), 0, "03");
}

MAMON_SERVICE_SUITE(DstTest);

class CycleHoursTest : public BoardReportsTest {};

TEST_P(CycleHoursTest, AnOpenCycleRunsUpToNow) {
  const std::int64_t beer = add_product("Beer", 250);
  sell_at(utc(2026, 11, 24, 18, 0), {{beer, 1}}, "cash");  // before the cycle
  clock_.set_us(utc(2026, 11, 24, 19, 10));                // 20:10 local
  const FiledReport opened =
      must(file_report(db(), clock_, staff_, {"open", Cents(5000), 0, 0, "", {}}), "open");
  const domain::Caller other = add_staff("second");
  sell_at(utc(2026, 11, 24, 19, 30), {{beer, 1}}, "cash");
  sell_at(utc(2026, 11, 24, 20, 15), {{beer, 2}}, "pin");
  sell_at(utc(2026, 11, 24, 20, 45), {{beer, 1}}, "cash");
  clock_.set_us(utc(2026, 11, 24, 20, 50));
  must(file_report(db(), clock_, other, {"middle", Cents(5500), 0, 0, "", {}}), "middle");
  clock_.set_us(utc(2026, 11, 24, 21, 5));  // now: 22:05 local, still open

  const CycleDossier hourly = must(cycle_dossier(db(), clock_, board_, opened.cycle.id));
  EXPECT_TRUE(hourly.cycle.cycle.is_open());
  EXPECT_EQ(hourly.cycle.window_to_us, utc(2026, 11, 24, 21, 5));
  ASSERT_EQ(hourly.hours.size(), 3u);
  EXPECT_EQ(hourly.hours[0].hour, 20);
  EXPECT_EQ(hourly.hours[0].date, (LocalDate{2026, 11, 24}));
  EXPECT_EQ(hourly.hours[0].range.start_us, utc(2026, 11, 24, 19, 10));
  expect_sales(hourly.hours[0].sales, methods(0, 250, 0), 1, "20:00");
  expect_sales(hourly.hours[1].sales, methods(0, 250, 500), 2, "21:00");
  expect_sales(hourly.hours[2].sales, methods(0, 0, 0), 0, "22:00");
  // The hours add up to the cycle's own summary.
  EXPECT_EQ(hourly.cycle.summary.sales_total, Cents(1000));
  EXPECT_FALSE(hourly.cycle.summary.counted_cash.has_value());
  // Staff on duty: both who filed a report, by id.
  ASSERT_EQ(hourly.cycle.staff.size(), 2u);
  EXPECT_EQ(hourly.cycle.staff[0].id, *staff_.personnel_id);
  EXPECT_EQ(hourly.cycle.staff[1].id, *other.personnel_id);
  // Its reports, oldest first: the opening and the middle report (no closing yet).
  ASSERT_EQ(hourly.cycle.reports.size(), 2u);
  EXPECT_EQ(hourly.cycle.reports[0].action, domain::ReportAction::kOpen);
  EXPECT_EQ(hourly.cycle.reports[1].action, domain::ReportAction::kMiddle);
  EXPECT_EQ(hourly.cycle.reports[1].total_cash, Cents(5500));

  EXPECT_EQ(code_of(cycle_dossier(db(), clock_, board_, 999'999)), ErrorCode::kNotFound);
}

TEST_P(CycleHoursTest, TheBoardsCycleListHasStaffAndFigures) {
  clock_.set_us(utc(2026, 11, 24, 19));
  must(file_report(db(), clock_, staff_, {"open", Cents(5000), 0, 0, "", {}}), "open");
  sell_at(utc(2026, 11, 24, 19, 30), {{add_product("Beer", 250), 2}}, "cash");
  clock_.set_us(utc(2026, 11, 24, 22));
  must(file_report(db(), clock_, staff_, {"close", Cents(5400), 0, 0, "", {}}), "close");
  const Page<BarCycleView> page = must(list_bar_cycles(db(), clock_, board_, PageRequest{}));
  ASSERT_EQ(page.items.size(), 1u);
  const BarCycleView& cycle = page.items[0];
  ASSERT_EQ(cycle.staff.size(), 1u);
  EXPECT_EQ(cycle.staff[0].nickname, "tapper-nick");
  EXPECT_EQ(cycle.summary.sales_total, Cents(500));
  EXPECT_EQ(cycle.summary.counted_cash, Cents(5400));
  EXPECT_EQ(cycle.summary.cash_difference, Cents(-100));
}

MAMON_SERVICE_SUITE(CycleHoursTest);

class BoardAccessTest : public BoardReportsTest {};

TEST_P(BoardAccessTest, OnlyTheBoardAndSuperusersSeeTheFigures) {
  const std::int64_t beer = add_product("Beer", 250);
  clock_.set_us(utc(2026, 11, 24, 19));
  const FiledReport opened =
      must(file_report(db(), clock_, staff_, {"open", Cents(0), 0, 0, "", {}}), "open");
  const LocalDateRange range = days({2026, 11, 24}, {2026, 11, 24});
  const domain::Caller member = add_member("member");
  const domain::Caller visitor = add_user("visitor", false, {"Bezoekers"});
  const domain::Caller root = add_user("root", false, {}, /*superuser=*/true);
  for (const domain::Caller* refused :
       std::vector<const domain::Caller*>{&member, &visitor, &staff_}) {
    EXPECT_EQ(code_of(overview(db(), *refused, range)), ErrorCode::kPermissionDenied);
    EXPECT_EQ(code_of(daily_grid(db(), *refused, GridRequest{range, {}, {}, {}})),
              ErrorCode::kPermissionDenied);
    EXPECT_EQ(code_of(product_sales(db(), *refused, beer, range)), ErrorCode::kPermissionDenied);
    EXPECT_EQ(code_of(cycle_dossier(db(), clock_, *refused, opened.cycle.id)),
              ErrorCode::kPermissionDenied);
  }
  for (const domain::Caller* allowed : std::vector<const domain::Caller*>{&board_, &root}) {
    EXPECT_TRUE(overview(db(), *allowed, range).ok());
    EXPECT_TRUE(daily_grid(db(), *allowed, GridRequest{range, {}, {}, {}}).ok());
    EXPECT_TRUE(product_sales(db(), *allowed, beer, range).ok());
    EXPECT_TRUE(cycle_dossier(db(), clock_, *allowed, opened.cycle.id).ok());
  }
}

TEST_P(BoardAccessTest, RangesAreChecked) {
  const LocalDateRange reversed = days({2026, 11, 24}, {2026, 11, 23});
  auto bad = overview(db(), board_, reversed);
  ASSERT_EQ(code_of(bad), ErrorCode::kInvalidInput);
  EXPECT_EQ(bad.error().field, "end");
  EXPECT_EQ(code_of(daily_grid(db(), board_, GridRequest{reversed, {}, {}, {}})),
            ErrorCode::kInvalidInput);
  // Days: at most kReportPeriodsMax columns; months of the same span are fine.
  const LocalDate first{2020, 1, 1};
  GridRequest request{days(first, add_days(first, limits::kReportPeriodsMax - 1)), {}, {}, {}};
  EXPECT_TRUE(daily_grid(db(), board_, request).ok());
  request.dates.last = add_days(first, limits::kReportPeriodsMax);
  EXPECT_EQ(code_of(daily_grid(db(), board_, request)), ErrorCode::kInvalidInput);
  request.granularity = GridGranularity::kMonth;
  EXPECT_TRUE(daily_grid(db(), board_, request).ok());
  // The overview has no such bound: it sums, it does not list.
  EXPECT_TRUE(overview(db(), board_, days({2000, 1, 1}, {2099, 12, 31})).ok());
}

TEST_P(BoardAccessTest, ACycleTooLongForAnHourlyChartIsRefused) {
  clock_.set_us(utc(2026, 1, 1));
  const FiledReport opened =
      must(file_report(db(), clock_, staff_, {"open", Cents(0), 0, 0, "", {}}), "open");
  clock_.set_us(utc(2026, 1, 1) + limits::kReportPeriodsMax * kHourUs - 1);
  EXPECT_TRUE(cycle_dossier(db(), clock_, board_, opened.cycle.id).ok());
  clock_.set_us(utc(2026, 1, 1) + limits::kReportPeriodsMax * kHourUs);
  EXPECT_EQ(code_of(cycle_dossier(db(), clock_, board_, opened.cycle.id)),
            ErrorCode::kInvalidInput);
}

MAMON_SERVICE_SUITE(BoardAccessTest);

// The imported starterDATA (/work/shared/fixtures, MAMON_FIXTURES_DIR): the reconciliation
// balances to the cent over the whole history and over sub-ranges, and the figures agree with
// the imported rows.
class StarterDataTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    if (const char* tz = std::getenv("TZ")) saved_tz_ = tz;
    ASSERT_TRUE(set_time_zone("Europe/Amsterdam"));
    std::string dir = "../shared/fixtures";
    if (const char* env = std::getenv("MAMON_FIXTURES_DIR"); env != nullptr && *env != '\0') {
      dir = env;
    } else {
      dir = (std::filesystem::path(__FILE__).parent_path() / "../../../shared/fixtures")
                .lexically_normal()
                .string();
    }
    const std::vector<std::string> paths = {dir + "/starterDATA.json"};
    std::vector<ImportSource> sources = must(read_import_files(paths), "read starterDATA");
    edit_dump(sources.at(0).text);
    must(import_dump(db(), sources, clock_), "import starterDATA");
    board_ = add_user("figures-board", false, {"Bestuur"});
  }
  void TearDown() override {
    testing::ServiceTest::TearDown();
    if (saved_tz_) {
      ::setenv("TZ", saved_tz_->c_str(), 1);
    } else {
      ::unsetenv("TZ");
    }
    ::tzset();
  }

  virtual void edit_dump(std::string& /*text*/) {}

  std::int64_t scalar(const char* sql) {
    return in_tx(
        [&](storage::Transaction& tx) { return must(tx.query(sql)).rows.at(0).get_int(0); });
  }

  domain::Caller board_;
  std::optional<std::string> saved_tz_;
};

TEST_P(StarterDataTest, ReconciliationBalancesOverTheWholeHistoryAndSubRanges) {
  const LocalDate first = local_date_of(scalar("SELECT MIN(created_at_us) FROM transfers"));
  const LocalDate last = local_date_of(scalar("SELECT MAX(created_at_us) FROM transfers"));
  ASSERT_LT(first, last);

  const Overview all = must(overview(db(), board_, days(first, last)));
  const Reconciliation& r = all.reconciliation;
  EXPECT_TRUE(r.balances);
  EXPECT_EQ(r.opening, Cents(0));
  EXPECT_EQ(r.closing.value(), scalar("SELECT SUM(credits_cents - debits_cents) FROM accounts "
                                      "WHERE kind = 'wallet'"));
  EXPECT_NE(r.closing, Cents(0));
  // Opening balances are a line of their own, and every wallet transfer is in some line.
  std::int64_t transfers = 0;
  bool has_opening_balances = false;
  for (const ReconciliationLine& line : r.lines) {
    transfers += line.transfers;
    has_opening_balances = has_opening_balances || line.kind == "opening_balance";
  }
  EXPECT_TRUE(has_opening_balances);
  EXPECT_EQ(transfers, scalar("SELECT COUNT(*) FROM transfers t "
                              "JOIN accounts da ON da.id = t.debit_account_id "
                              "JOIN accounts ca ON ca.id = t.credit_account_id "
                              "WHERE da.kind = 'wallet' OR ca.kind = 'wallet'"));

  // The sales agree with the imported rows, and every breakdown sums to them.
  EXPECT_EQ(all.sales.total.value(), scalar("SELECT SUM(total_cents) FROM purchases"));
  EXPECT_EQ(all.sales.count, scalar("SELECT COUNT(*) FROM purchases"));
  EXPECT_EQ(all.by_buyer.members.total.value() + all.by_buyer.visitors.total.value() +
                all.by_buyer.anonymous.total.value(),
            all.sales.total.value());
  std::int64_t by_account = 0;
  for (const LedgerAccountSales& a : all.by_ledger_account) by_account += a.sales.total.value();
  EXPECT_EQ(by_account, all.sales.total.value());
  EXPECT_EQ(all.top_ups.total.value(),
            scalar("SELECT COALESCE(SUM(amount_cents), 0) FROM wallet_upgrades WHERE refund = "
                   "(1 = 0)"));
  EXPECT_EQ(all.refunds.total.value(),
            scalar("SELECT COALESCE(SUM(amount_cents), 0) FROM wallet_upgrades WHERE refund = "
                   "(1 = 1)"));
  GridRequest months{days(first, last), GridGranularity::kMonth, GridMeasure::kCents, {}};
  EXPECT_EQ(must(daily_grid(db(), board_, months)).grand_total, all.sales.total.value());

  // Cut the history in three: each part balances, and they chain (one's closing is the next
  // one's opening, and the nets add up to the whole).
  const int span = days_between(first, last);
  const LocalDate cut1 = add_days(first, span / 3);
  const LocalDate cut2 = add_days(first, 2 * span / 3);
  const std::vector<LocalDateRange> parts = {days(first, cut1), days(add_days(cut1, 1), cut2),
                                             days(add_days(cut2, 1), last)};
  Cents opening = Cents(0);
  Cents net = Cents(0);
  for (const LocalDateRange& part : parts) {
    const Reconciliation p = must(overview(db(), board_, part)).reconciliation;
    SCOPED_TRACE(format_local_date(part.first));
    EXPECT_TRUE(p.balances);
    EXPECT_EQ(p.opening, opening);
    EXPECT_EQ(must(p.opening.plus(p.movements_net)), p.closing);
    opening = p.closing;
    net = must(net.plus(p.movements_net));
  }
  EXPECT_EQ(opening, r.closing);
  EXPECT_EQ(net, r.movements_net);
}

MAMON_SERVICE_SUITE(StarterDataTest);

// The importer snapshots each line's ledger account from the dump's product, as it does the
// price. starterDATA has no grootboek_waarde at all, so one product gets one here: product 18
// ("Timothy Clark", 12.00), sold once, 1 item.
class StarterDataAccountTest : public StarterDataTest {
 protected:
  void edit_dump(std::string& text) override {
    const std::string name = "\"name\": \"Timothy Clark\",";
    const std::size_t at = text.find(name);
    ASSERT_NE(at, std::string::npos);
    text.insert(at + name.size(), " \"grootboek_waarde\": \"8000 Bier\",");
  }
};

TEST_P(StarterDataAccountTest, ImportedLinesCarryTheirProductsAccount) {
  const LocalDate first = local_date_of(scalar("SELECT MIN(created_at_us) FROM transfers"));
  const LocalDate last = local_date_of(scalar("SELECT MAX(created_at_us) FROM transfers"));
  const Overview all = must(overview(db(), board_, days(first, last)));
  ASSERT_EQ(all.by_ledger_account.size(), 2u);
  EXPECT_EQ(all.by_ledger_account[0].ledger_account, "8000 Bier");
  EXPECT_EQ(all.by_ledger_account[0].sales.total, Cents(1200));
  EXPECT_EQ(all.by_ledger_account[0].sales.count, 1);
  EXPECT_EQ(all.by_ledger_account[1].ledger_account, std::nullopt);
  EXPECT_EQ(all.by_ledger_account[1].sales.total.value(), all.sales.total.value() - 1200);
  EXPECT_TRUE(all.reconciliation.balances);
}

MAMON_SERVICE_SUITE(StarterDataAccountTest);

}  // namespace
}  // namespace mamon::service
