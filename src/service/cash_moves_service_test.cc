// Cash in and out of the drawer (issue 12), on both databases.
#include "service/cash_moves_service.h"

#include <gtest/gtest.h>

#include "domain/accounts.h"
#include "service/reports_service.h"
#include "service/service_test_fixture.h"

namespace mamon::service {
namespace {

using testing::code_of;
using testing::must;

class CashMovesTest : public testing::ServiceTest {
 protected:
  void SetUp() override { staff_ = add_staff("tapper"); }
  std::int64_t asset(std::string_view name) {
    storage::Account a = account(name);
    return a.debits.value() - a.credits.value();
  }
  std::int64_t audit_rows() {
    return in_tx([&](storage::Transaction& tx) {
      return must(tx.query("SELECT COUNT(*) FROM audit_log WHERE action = 'move_cash'"))
          .rows.at(0)
          .get_int(0);
    });
  }
  domain::Caller staff_;
};

TEST_P(CashMovesTest, InAndOutAreTransfersBetweenDrawerAndSafe) {
  auto in =
      must(move_cash(db(), clock_, staff_,
                     {domain::CashMoveDirection::kIn, Cents(15000), " float from the safe "}));
  EXPECT_EQ(in.reason, "float from the safe");
  EXPECT_EQ(in.personnel_id, *staff_.personnel_id);
  EXPECT_FALSE(in.bar_cycle_id.has_value());  // no cycle open
  EXPECT_EQ(asset(domain::kAccountCashDrawer), 15000);
  EXPECT_EQ(asset(domain::kAccountSafe), -15000);

  ReportRequest open;
  open.action = "open";
  open.total_cash = Cents(15000);
  FiledReport opened = must(file_report(db(), clock_, staff_, open));
  auto out = must(move_cash(db(), clock_, staff_,
                            {domain::CashMoveDirection::kOut, Cents(10000), "to the bank"}));
  EXPECT_EQ(out.bar_cycle_id, opened.cycle.id);
  EXPECT_EQ(asset(domain::kAccountCashDrawer), 5000);
  EXPECT_EQ(asset(domain::kAccountSafe), -5000);

  auto moves = must(cash_moves_of_bar_cycle(db(), staff_, opened.cycle.id));
  ASSERT_EQ(moves.size(), 1u);
  EXPECT_EQ(moves[0].id, out.id);
  EXPECT_EQ(moves[0].direction, domain::CashMoveDirection::kOut);
  EXPECT_EQ(audit_rows(), 2);
}

// The cycle's expected cash counts the moves: taking the takings to the safe is no shortage.
TEST_P(CashMovesTest, TheCycleExpectsTheMovedCash) {
  ReportRequest r;
  r.action = "open";
  r.total_cash = Cents(20000);
  FiledReport opened = must(file_report(db(), clock_, staff_, r));
  clock_.advance_us(1'000'000);
  must(move_cash(db(), clock_, staff_, {domain::CashMoveDirection::kIn, Cents(5000), "coins"}));
  clock_.advance_us(1'000'000);
  must(move_cash(db(), clock_, staff_, {domain::CashMoveDirection::kOut, Cents(12000), "safe"}));
  clock_.advance_us(1'000'000);
  r.action = "close";
  r.total_cash = Cents(13000);  // 200 + 50 - 120
  must(file_report(db(), clock_, staff_, r));
  BarCycleView view = must(get_bar_cycle(db(), clock_, staff_, opened.cycle.id));
  EXPECT_EQ(view.summary.cash_moved_in, Cents(5000));
  EXPECT_EQ(view.summary.cash_moved_out, Cents(12000));
  EXPECT_EQ(view.summary.expected_cash, Cents(13000));
  EXPECT_EQ(view.summary.cash_difference, Cents(0));
  EXPECT_EQ(asset(domain::kAccountCashDrawer), 13000);  // the ledger agrees: nothing booked
}

TEST_P(CashMovesTest, RefusalsWriteNothing) {
  domain::Caller member = add_member("member");
  const auto before = counts();
  EXPECT_EQ(code_of(move_cash(db(), clock_, member,
                              {domain::CashMoveDirection::kIn, Cents(100), "float"})),
            ErrorCode::kNotPersonnel);
  EXPECT_EQ(
      code_of(move_cash(db(), clock_, staff_, {domain::CashMoveDirection::kIn, Cents(0), "x"})),
      ErrorCode::kInvalidAmount);
  EXPECT_EQ(
      code_of(move_cash(db(), clock_, staff_, {domain::CashMoveDirection::kOut, Cents(5), ""})),
      ErrorCode::kInvalidInput);
  EXPECT_EQ(counts(), before);
  EXPECT_EQ(audit_rows(), 0);
  EXPECT_EQ(code_of(cash_moves_of_bar_cycle(db(), member, 1)), ErrorCode::kPermissionDenied);
}

INSTANTIATE_TEST_SUITE_P(Backends, CashMovesTest,
                         ::testing::ValuesIn(mamon::testing::backends_under_test()),
                         [](const auto& param_info) {
                           return mamon::testing::backend_name(param_info.param);
                         });

}  // namespace
}  // namespace mamon::service
