// The bar cycle's dossier (service/cycle_dossier.h) on both databases, against hand-computed
// figures: segments split by the middle reports with differences that add up to the cycle's,
// every count attempt, cash moves, the PIN reconciliation, an undone sale, the staff on duty.
#include "service/cycle_dossier.h"

#include <gtest/gtest.h>

#include "service/blind_count.h"
#include "service/cash_moves_service.h"
#include "service/purchases_service.h"
#include "service/service_test_fixture.h"
#include "service/undo_sale.h"

namespace mamon::service {
namespace {

using testing::code_of;
using testing::must;

class CycleDossierTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    tapper_ = add_staff("tapper");
    tapper2_ = add_staff("tapper2");
    board_ = add_user("board", false, {"Bestuur"});
    beer_ = add_product("Beer", 250);
  }

  // A blind count of `cents` by `who`, recounted once first when `wrong_first` is given.
  FiledReport count_and_confirm(const domain::Caller& who, std::string action, std::int64_t cents,
                                std::optional<std::int64_t> pin_cents = std::nullopt,
                                std::optional<std::int64_t> wrong_first = std::nullopt) {
    CountRequest r;
    r.action = std::move(action);
    r.pin_total = pin_cents ? std::optional<Cents>(Cents(*pin_cents)) : std::nullopt;
    if (wrong_first) {
      r.total_cash = Cents(*wrong_first);
      clock_.advance_us(1'000'000);
      must(submit_count(db(), clock_, who, r), "submit_count (wrong)");
    }
    r.total_cash = Cents(cents);
    clock_.advance_us(1'000'000);
    SubmittedCount c = must(submit_count(db(), clock_, who, r), "submit_count");
    clock_.advance_us(1'000'000);
    return must(confirm_count(db(), clock_, who, c.count_id), "confirm_count");
  }
  std::int64_t sale(const domain::Caller& who, std::int64_t quantity, bool pin = false) {
    clock_.advance_us(1'000'000);
    SaleRequest r;
    r.input.lines = {{beer_, quantity}};
    r.input.cash = !pin;
    r.input.pin = pin;
    return must(sell(db(), clock_, who, r), "sale").view.purchase.id;
  }

  domain::Caller tapper_, tapper2_, board_;
  std::int64_t beer_ = 0;
};

TEST_P(CycleDossierTest, SegmentsPlaceTheDifferenceInTime) {
  // Opening 100.00 (after a wrong first count of 90.00); tapper sells 4 beers cash (10.00) and one
  // by PIN (2.50); tapper2 counts 109.00 at the middle (expected 110.00: -1.00); then tapper2
  // sells 2 cash (5.00), undoes 1 more, 20.00 go to the safe; closing 94.50 (expected 94.00:
  // +0.50) with the PIN terminal at 2.00 against 2.50 booked. The cycle: expected 95.00,
  // counted 94.50, difference -0.50 = -1.00 + 0.50.
  FiledReport opened = count_and_confirm(tapper_, "open", 10000, std::nullopt, 9000);
  sale(tapper_, 4);
  sale(tapper_, 1, true);
  count_and_confirm(tapper2_, "middle", 10900);
  sale(tapper2_, 2);
  std::int64_t undone = sale(tapper2_, 1);
  clock_.advance_us(1'000'000);
  must(undo_own_sale(db(), clock_, tapper2_, undone), "undo");
  clock_.advance_us(1'000'000);
  must(move_cash(db(), clock_, tapper2_,
                 domain::CashMoveInput{domain::CashMoveDirection::kOut, Cents(2000), "safe"}),
       "move_cash");
  count_and_confirm(tapper_, "close", 9450, 200);

  CycleDossier d = must(cycle_dossier(db(), clock_, board_, opened.cycle.id), "cycle_dossier");
  ASSERT_EQ(d.segments.size(), 2u);
  const CycleSegment& first = d.segments[0];
  EXPECT_EQ(first.summary.opening_cash, Cents(10000));
  EXPECT_EQ(first.summary.sales.cash, Cents(1000));
  EXPECT_EQ(first.summary.sales.pin, Cents(250));
  EXPECT_EQ(first.summary.expected_cash, Cents(11000));
  EXPECT_EQ(first.summary.counted_cash, Cents(10900));
  EXPECT_EQ(first.summary.cash_difference, Cents(-100));
  ASSERT_EQ(first.sellers.size(), 1u);
  EXPECT_EQ(first.sellers[0].nickname, "tapper-nick");
  ASSERT_TRUE(first.counter.has_value());
  EXPECT_EQ(first.counter->nickname, "tapper2-nick");

  const CycleSegment& second = d.segments[1];
  EXPECT_EQ(second.summary.opening_cash, Cents(10900));
  EXPECT_EQ(second.summary.sales.cash, Cents(500));  // the undone sale is left out
  EXPECT_EQ(second.summary.cash_moved_out, Cents(2000));
  EXPECT_EQ(second.summary.expected_cash, Cents(9400));
  EXPECT_EQ(second.summary.cash_difference, Cents(50));
  EXPECT_EQ(second.sellers[0].nickname, "tapper2-nick");

  EXPECT_EQ(d.cycle.summary.expected_cash, Cents(9500));
  EXPECT_EQ(d.cycle.summary.cash_difference, Cents(-50));
  EXPECT_EQ(first.summary.cash_difference->value() + second.summary.cash_difference->value(),
            d.cycle.summary.cash_difference->value());

  // Four attempts: the wrong opening count, the opening, the middle, the closing.
  ASSERT_EQ(d.counts.size(), 4u);
  EXPECT_EQ(d.counts[0].counted, Cents(9000));
  EXPECT_FALSE(d.counts[0].confirmed_report_id.has_value());
  EXPECT_EQ(d.counts[1].confirmed_report_id, opened.report.id);
  // The closing attempt expected the ledger's drawer (middle reports book nothing): 95.00.
  EXPECT_EQ(d.counts[3].expected, Cents(9500));

  ASSERT_EQ(d.cash_moves.size(), 1u);
  EXPECT_EQ(d.cash_moves[0].amount, Cents(2000));
  ASSERT_TRUE(d.pin.has_value());
  EXPECT_EQ(d.pin->expected, Cents(250));
  EXPECT_EQ(d.pin->terminal, Cents(200));
  EXPECT_EQ(d.pin->difference, Cents(-50));
  ASSERT_EQ(d.voids.size(), 1u);
  EXPECT_EQ(d.voids[0].purchase_id, undone);
  EXPECT_EQ(d.voids[0].reason, "undo");
  EXPECT_EQ(d.voids[0].total, Cents(250));
  ASSERT_EQ(d.staff.size(), 2u);
  EXPECT_EQ(d.staff[0].nickname, "tapper-nick");
  EXPECT_EQ(d.staff[1].nickname, "tapper2-nick");
  // The product is in no category: one line, with every sale that stayed.
  ASSERT_EQ(d.by_category.size(), 1u);
  EXPECT_FALSE(d.by_category[0].category_id.has_value());
  EXPECT_EQ(d.by_category[0].sales.total, Cents(1750));

  // The next cycle's opening attempts are not this cycle's.
  CountRequest next;
  next.action = "open";
  next.total_cash = Cents(1);
  clock_.advance_us(1'000'000);
  must(submit_count(db(), clock_, tapper_, next), "next opening");
  EXPECT_EQ(must(cycle_dossier(db(), clock_, board_, opened.cycle.id), "again").counts.size(), 4u);
}

TEST_P(CycleDossierTest, AnOpenCycleHasASegmentUpToNow) {
  FiledReport opened = count_and_confirm(tapper_, "open", 5000);
  sale(tapper_, 2);
  CycleDossier d = must(cycle_dossier(db(), clock_, board_, opened.cycle.id), "cycle_dossier");
  ASSERT_EQ(d.segments.size(), 1u);
  EXPECT_FALSE(d.segments[0].end.has_value());
  EXPECT_EQ(d.segments[0].summary.expected_cash, Cents(5500));
  EXPECT_FALSE(d.segments[0].summary.cash_difference.has_value());
  EXPECT_FALSE(d.pin.has_value());
}

TEST_P(CycleDossierTest, OnlyTheBoardReadsIt) {
  FiledReport opened = count_and_confirm(tapper_, "open", 5000);
  EXPECT_EQ(code_of(cycle_dossier(db(), clock_, tapper_, opened.cycle.id)),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(code_of(cycle_dossier(db(), clock_, board_, 987654)), ErrorCode::kNotFound);
}

MAMON_SERVICE_SUITE(CycleDossierTest);

}  // namespace
}  // namespace mamon::service
