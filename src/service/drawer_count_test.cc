// The cash-difference booking at opening and closing counts (issue 12) and INV-8, through
// file_report, on both databases.
#include "service/drawer_count.h"

#include <gtest/gtest.h>

#include "domain/accounts.h"
#include "service/ledger_check.h"
#include "service/purchases_service.h"
#include "service/reports_service.h"
#include "service/service_test_fixture.h"

namespace mamon::service {
namespace {

using testing::must;

class DrawerCountTest : public testing::ServiceTest {
 protected:
  void SetUp() override { staff_ = add_staff("tapper"); }

  FiledReport file(std::string action, std::int64_t counted_cents) {
    ReportRequest r;
    r.action = std::move(action);
    r.total_cash = Cents(counted_cents);
    clock_.advance_us(1'000'000);
    return must(file_report(db(), clock_, staff_, r), "report");
  }
  void cash_sale(std::int64_t product, std::int64_t quantity) {
    SaleRequest r;
    r.input.lines = {{product, quantity}};
    r.input.cash = true;
    must(sell(db(), clock_, staff_, r), "cash sale");
  }
  // The drawer's ledger balance: an asset, debits - credits.
  std::int64_t drawer() {
    storage::Account a = account(domain::kAccountCashDrawer);
    return a.debits.value() - a.credits.value();
  }
  std::int64_t difference_account() {
    storage::Account a = account(domain::kAccountCashDifference);
    return a.credits.value() - a.debits.value();
  }

  domain::Caller staff_;
};

TEST_P(DrawerCountTest, OpeningAndClosingMakeTheDrawerEqualTheCount) {
  std::int64_t beer = add_product("Beer", 250);
  cash_sale(beer, 2);  // 5.00 into the drawer before anyone counted
  ASSERT_EQ(drawer(), 500);

  file("open", 10000);  // a float of 100.00 was put in without a record: a surplus of 95.00
  EXPECT_EQ(drawer(), 10000);
  EXPECT_EQ(difference_account(), 9500);

  cash_sale(beer, 4);     // +10.00
  file("middle", 10500);  // a middle count books nothing
  EXPECT_EQ(drawer(), 11000);

  file("close", 10950);  // 0.50 short
  EXPECT_EQ(drawer(), 10950);
  EXPECT_EQ(difference_account(), 9450);

  const std::int64_t transfers_before = counts().transfers;
  file("open", 10950);  // equal: nothing booked
  EXPECT_EQ(counts().transfers, transfers_before);
  EXPECT_EQ(drawer(), 10950);
  // TearDown runs `mamon check`'s invariants, INV-8 included.
}

TEST_P(DrawerCountTest, CheckFindsADrawerCountThatDisagreesWithTheLedger) {
  FiledReport opened = file("open", 2000);
  ASSERT_TRUE(must(check_ledger(db())).empty());
  must(in_tx([&](storage::Transaction& tx) {
    return tx.query("UPDATE reports SET drawer_ledger_cents = 100 WHERE id = $1",
                    {opened.report.id});
  }));
  auto violations = must(check_ledger(db()));
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].invariant, "INV-8");
  EXPECT_NE(violations[0].detail.find("report " + std::to_string(opened.report.id)),
            std::string::npos);
  must(in_tx([&](storage::Transaction& tx) {
    return tx.query("UPDATE reports SET drawer_ledger_cents = 0 WHERE id = $1", {opened.report.id});
  }));
}

TEST_P(DrawerCountTest, AFailedReportBooksNothing) {
  file("open", 500);
  const auto before = counts();
  ReportRequest again;
  again.action = "open";
  again.total_cash = Cents(9999);
  EXPECT_FALSE(file_report(db(), clock_, staff_, again).ok());
  EXPECT_EQ(counts(), before);
  EXPECT_EQ(drawer(), 500);
}

INSTANTIATE_TEST_SUITE_P(Backends, DrawerCountTest,
                         ::testing::ValuesIn(mamon::testing::backends_under_test()),
                         [](const auto& param_info) {
                           return mamon::testing::backend_name(param_info.param);
                         });

}  // namespace
}  // namespace mamon::service
