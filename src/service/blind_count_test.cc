// Blind counts (issue 12, "Reports at the POS") and the optional breakdown / PIN total of
// file_report, on both databases: the expected cash only after submission, recounts that keep
// every attempt, the confirmed count as the report and the drawer booking, and each error.
#include "service/blind_count.h"

#include <gtest/gtest.h>

#include "domain/accounts.h"
#include "service/ledger_check.h"
#include "service/purchases_service.h"
#include "service/reports_service.h"
#include "service/service_test_fixture.h"
#include "storage/report_counts_repo.h"

namespace mamon::service {
namespace {

using testing::code_of;
using testing::must;

CountRequest count(std::string action, std::optional<std::int64_t> total_cents) {
  CountRequest r;
  r.action = std::move(action);
  if (total_cents) r.total_cash = Cents(*total_cents);
  return r;
}

class BlindCountTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    staff_ = add_staff("tapper");
    beer_ = add_product("Beer", 250);
  }

  SubmittedCount submit(const CountRequest& request) {
    clock_.advance_us(1'000'000);
    return must(submit_count(db(), clock_, staff_, request), "submit_count");
  }
  FiledReport confirm(std::int64_t count_id) {
    clock_.advance_us(1'000'000);
    return must(confirm_count(db(), clock_, staff_, count_id), "confirm_count");
  }
  // Opens a cycle through a confirmed blind count of `cents`.
  FiledReport open_with(std::int64_t cents) {
    return confirm(submit(count("open", cents)).count_id);
  }

  void cash_sale(std::int64_t quantity) {
    SaleRequest r;
    r.input.lines = {{beer_, quantity}};
    r.input.cash = true;
    must(sell(db(), clock_, staff_, r), "cash sale");
  }
  std::int64_t drawer() {
    storage::Account a = account(domain::kAccountCashDrawer);
    return a.debits.value() - a.credits.value();
  }
  storage::ReportCount stored(std::int64_t count_id) {
    return in_tx([&](storage::Transaction& tx) {
      return must(storage::find_report_count(tx, count_id), "find_report_count");
    });
  }
  void expect_clean_ledger() {
    std::vector<InvariantViolation> violations = must(check_ledger(db()), "check_ledger");
    for (const InvariantViolation& v : violations) ADD_FAILURE() << v.invariant << ": " << v.detail;
  }

  domain::Caller staff_;
  std::int64_t beer_ = 0;
};

TEST_P(BlindCountTest, ExpectedCashComesOnlyAfterTheCountIsStored) {
  const auto before = counts();
  SubmittedCount opening = submit(count("open", 10000));
  // Submitting files nothing: no report, no cycle, no booking.
  EXPECT_EQ(counts(), before);
  EXPECT_EQ(opening.counted, Cents(10000));
  EXPECT_EQ(opening.expected, Cents(0));  // an empty ledger drawer
  EXPECT_EQ(opening.difference, Cents(10000));
  storage::ReportCount row = stored(opening.count_id);
  EXPECT_EQ(row.expected, Cents(0));
  EXPECT_EQ(row.counted, Cents(10000));
  EXPECT_FALSE(row.confirmed_report_id.has_value());
  EXPECT_FALSE(row.bar_cycle_id.has_value());

  FiledReport opened = confirm(opening.count_id);
  EXPECT_EQ(opened.report.total_cash, Cents(10000));
  EXPECT_EQ(drawer(), 10000);

  cash_sale(2);  // +5.00
  SubmittedCount middle = submit(count("middle", 10480));
  EXPECT_EQ(middle.expected, Cents(10500));
  EXPECT_EQ(middle.difference, Cents(-20));
  EXPECT_EQ(stored(middle.count_id).bar_cycle_id, opened.cycle.id);
  expect_clean_ledger();
}

TEST_P(BlindCountTest, ARecountKeepsEveryAttemptAndTheConfirmedOneCounts) {
  open_with(5000);
  cash_sale(4);  // +10.00: the drawer holds 60.00
  SubmittedCount first = submit(count("close", 5500));
  EXPECT_EQ(first.difference, Cents(-500));
  SubmittedCount recount = submit(count("close", 5990));
  EXPECT_EQ(recount.expected, Cents(6000));
  EXPECT_EQ(recount.difference, Cents(-10));

  FiledReport closed = confirm(recount.count_id);
  EXPECT_EQ(closed.report.total_cash, Cents(5990));
  EXPECT_EQ(closed.cycle.closing_report_id, closed.report.id);
  // The booking followed the confirmed count: the ledger's drawer equals it.
  EXPECT_EQ(drawer(), 5990);
  // Both attempts are kept; only the recount is linked to the report.
  EXPECT_FALSE(stored(first.count_id).confirmed_report_id.has_value());
  EXPECT_EQ(stored(first.count_id).counted, Cents(5500));
  EXPECT_EQ(stored(recount.count_id).confirmed_report_id, closed.report.id);
  // The earlier attempt was made in a cycle state that no longer holds.
  auto stale = confirm_count(db(), clock_, staff_, first.count_id);
  EXPECT_EQ(code_of(stale), ErrorCode::kConflict);
  EXPECT_EQ(stale.error().field, "count");
  expect_clean_ledger();
}

TEST_P(BlindCountTest, ConfirmingTwiceIsAConflictAndWritesNothing) {
  SubmittedCount opening = submit(count("open", 700));
  confirm(opening.count_id);
  const auto before = counts();
  auto again = confirm_count(db(), clock_, staff_, opening.count_id);
  EXPECT_EQ(code_of(again), ErrorCode::kConflict);
  EXPECT_EQ(counts(), before);
  EXPECT_EQ(code_of(confirm_count(db(), clock_, staff_, 999'999)), ErrorCode::kNotFound);
}

TEST_P(BlindCountTest, AReportFiledMeanwhileMakesTheCountStale) {
  open_with(1000);
  SubmittedCount mine = submit(count("middle", 1000));
  ReportRequest other;
  other.action = "middle";
  other.total_cash = Cents(1000);
  must(file_report(db(), clock_, staff_, other), "file_report");
  EXPECT_EQ(code_of(confirm_count(db(), clock_, staff_, mine.count_id)), ErrorCode::kConflict);
}

TEST_P(BlindCountTest, BreakdownFillsTheTotalAndIsStoredWithTheReport) {
  CountRequest r = count("open", std::nullopt);
  r.breakdown = BreakdownInput{{"note_0500", 2}, {"coin_200", 3}, {"roll_050", 1}, {"coin_001", 0}};
  SubmittedCount opening = submit(r);  // 10.00 + 6.00 + 20.00
  EXPECT_EQ(opening.counted, Cents(3600));
  FiledReport opened = confirm(opening.count_id);
  EXPECT_EQ(opened.report.total_cash, Cents(3600));
  ASSERT_TRUE(opened.report.cash_breakdown.has_value());
  EXPECT_EQ(*opened.report.cash_breakdown, R"({"coin_200":3,"note_0500":2,"roll_050":1})");
  EXPECT_EQ(drawer(), 3600);

  // A total given beside the breakdown must agree with it.
  r.action = "close";
  r.total_cash = Cents(3600);
  EXPECT_TRUE(submit_count(db(), clock_, staff_, r).ok());
  r.total_cash = Cents(3500);
  auto mismatch = submit_count(db(), clock_, staff_, r);
  EXPECT_EQ(code_of(mismatch), ErrorCode::kInvalidInput);
  EXPECT_EQ(mismatch.error().field, "total_cash");
}

TEST_P(BlindCountTest, BadBreakdownsAreRefusedWithTheirField) {
  CountRequest r = count("open", std::nullopt);
  r.breakdown = BreakdownInput{{"coin_300", 1}};
  auto unknown = submit_count(db(), clock_, staff_, r);
  EXPECT_EQ(code_of(unknown), ErrorCode::kInvalidInput);
  EXPECT_EQ(unknown.error().field, "breakdown.coin_300");
  r.breakdown = BreakdownInput{{"coin_200", -1}};
  auto negative = submit_count(db(), clock_, staff_, r);
  EXPECT_EQ(code_of(negative), ErrorCode::kInvalidInput);
  EXPECT_EQ(negative.error().field, "breakdown.coin_200");
  auto neither = submit_count(db(), clock_, staff_, count("open", std::nullopt));
  EXPECT_EQ(code_of(neither), ErrorCode::kInvalidInput);
  EXPECT_EQ(neither.error().field, "total_cash");
  EXPECT_EQ(code_of(submit_count(db(), clock_, staff_, count("open", -1))),
            ErrorCode::kInvalidAmount);
  EXPECT_EQ(counts().reports, 0);
}

TEST_P(BlindCountTest, PinTotalOnlyAtClosing) {
  CountRequest r = count("open", 100);
  r.pin_total = Cents(500);
  auto on_open = submit_count(db(), clock_, staff_, r);
  EXPECT_EQ(code_of(on_open), ErrorCode::kInvalidInput);
  EXPECT_EQ(on_open.error().field, "pin_total");
  open_with(100);
  r.action = "middle";
  EXPECT_EQ(code_of(submit_count(db(), clock_, staff_, r)), ErrorCode::kInvalidInput);
  r.action = "close";
  r.pin_total = Cents(-1);
  auto negative = submit_count(db(), clock_, staff_, r);
  EXPECT_EQ(code_of(negative), ErrorCode::kInvalidAmount);
  EXPECT_EQ(negative.error().field, "pin_total");
  r.pin_total = Cents(1234);
  FiledReport closed = confirm(submit(r).count_id);
  EXPECT_EQ(closed.report.pin_total, Cents(1234));
}

TEST_P(BlindCountTest, CycleStateAndPermissionErrors) {
  EXPECT_EQ(code_of(submit_count(db(), clock_, staff_, count("middle", 1))),
            ErrorCode::kNoOpenBarCycle);
  EXPECT_EQ(code_of(submit_count(db(), clock_, staff_, count("close", 1))),
            ErrorCode::kNoOpenBarCycle);
  EXPECT_EQ(code_of(submit_count(db(), clock_, staff_, count("shut", 1))),
            ErrorCode::kInvalidReportAction);
  SubmittedCount opening = submit(count("open", 1));

  const domain::Caller member = add_member("alice");
  EXPECT_EQ(code_of(submit_count(db(), clock_, member, count("open", 1))),
            ErrorCode::kNotPersonnel);
  EXPECT_EQ(code_of(confirm_count(db(), clock_, member, opening.count_id)),
            ErrorCode::kNotPersonnel);
  // Only who counted confirms.
  const domain::Caller colleague = add_staff("tapper2");
  EXPECT_EQ(code_of(confirm_count(db(), clock_, colleague, opening.count_id)),
            ErrorCode::kPermissionDenied);

  confirm(opening.count_id);
  EXPECT_EQ(code_of(submit_count(db(), clock_, staff_, count("open", 1))),
            ErrorCode::kBarCycleAlreadyOpen);
}

TEST_P(BlindCountTest, AConfirmationWhoseAuditEntryFailsLeavesTheCountUnconfirmed) {
  SubmittedCount opening = submit(count("open", 100));
  refuse_audit_entries();
  const auto before = counts();
  EXPECT_FALSE(confirm_count(db(), clock_, staff_, opening.count_id).ok());
  EXPECT_EQ(counts(), before);
  EXPECT_FALSE(stored(opening.count_id).confirmed_report_id.has_value());
  EXPECT_EQ(drawer(), 0);
}

// POST /api/reports/'s optional fields, through file_report.
TEST_P(BlindCountTest, FileReportStoresBreakdownAndPinTotal) {
  ReportRequest open;
  open.action = "open";
  open.breakdown = BreakdownInput{{"note_2000", 1}};
  FiledReport opened = must(file_report(db(), clock_, staff_, open), "open");
  EXPECT_EQ(opened.report.total_cash, Cents(2000));
  EXPECT_EQ(opened.report.cash_breakdown, std::optional<std::string>(R"({"note_2000":1})"));
  EXPECT_FALSE(opened.report.pin_total.has_value());

  ReportRequest close;
  close.action = "close";
  close.total_cash = Cents(2000);
  close.pin_total = Cents(0);
  FiledReport closed = must(file_report(db(), clock_, staff_, close), "close");
  EXPECT_EQ(closed.report.pin_total, Cents(0));
  EXPECT_FALSE(closed.report.cash_breakdown.has_value());

  ReportRequest bad;
  bad.action = "open";
  bad.pin_total = Cents(10);
  bad.total_cash = Cents(10);
  EXPECT_EQ(code_of(file_report(db(), clock_, staff_, bad)), ErrorCode::kInvalidInput);
  bad.pin_total.reset();
  bad.breakdown = BreakdownInput{{"note_1000", 2}};
  auto mismatch = file_report(db(), clock_, staff_, bad);
  EXPECT_EQ(code_of(mismatch), ErrorCode::kInvalidInput);
  EXPECT_EQ(mismatch.error().field, "total_cash");
}

MAMON_SERVICE_SUITE(BlindCountTest);

}  // namespace
}  // namespace mamon::service
