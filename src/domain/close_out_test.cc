#include "domain/close_out.h"

#include <gtest/gtest.h>

#include <limits>

namespace mamon::domain {
namespace {

TEST(CashDifferenceBooking, NothingWhenTheDrawerMatchesTheCount) {
  auto booking = cash_difference_booking(Cents(15000), Cents(15000));
  ASSERT_TRUE(booking.ok());
  EXPECT_FALSE(booking->has_value());
}

TEST(CashDifferenceBooking, SurplusDebitsTheDrawerByTheExcess) {
  auto booking = cash_difference_booking(Cents(15250), Cents(15000));
  ASSERT_TRUE(booking.ok());
  ASSERT_TRUE(booking->has_value());
  EXPECT_EQ((*booking)->direction, CashDifferenceDirection::kSurplus);
  EXPECT_EQ((*booking)->amount, Cents(250));
}

TEST(CashDifferenceBooking, ShortageCreditsTheDrawerByWhatIsMissing) {
  auto booking = cash_difference_booking(Cents(14010), Cents(15000));
  ASSERT_TRUE(booking.ok());
  ASSERT_TRUE(booking->has_value());
  EXPECT_EQ((*booking)->direction, CashDifferenceDirection::kShortage);
  EXPECT_EQ((*booking)->amount, Cents(990));
}

TEST(CashDifferenceBooking, AFirstCountOnALedgerThatNeverSawOneBooksTheWholeCount) {
  // Cash refunds before any count leave the drawer below zero in the ledger.
  auto booking = cash_difference_booking(Cents(10000), Cents(-500));
  ASSERT_TRUE(booking.ok());
  EXPECT_EQ((*booking)->direction, CashDifferenceDirection::kSurplus);
  EXPECT_EQ((*booking)->amount, Cents(10500));
}

TEST(CashDifferenceBooking, OverflowIsAnError) {
  auto booking =
      cash_difference_booking(Cents(std::numeric_limits<std::int64_t>::max()), Cents(-1));
  ASSERT_FALSE(booking.ok());
  EXPECT_EQ(booking.error().code, ErrorCode::kInvalidAmount);
}

TEST(ReconcilePin, ExpectedIsSalesPlusTopUpsMinusRefunds) {
  auto pin = reconcile_pin(Cents(41000), Cents(30000), Cents(12000), Cents(500));
  ASSERT_TRUE(pin.ok());
  EXPECT_EQ(pin->expected, Cents(41500));
  EXPECT_EQ(pin->terminal, Cents(41000));
  EXPECT_EQ(pin->difference, Cents(-500));  // the terminal has 5.00 less than was booked

  auto exact = reconcile_pin(Cents(0), Cents(0), Cents(0), Cents(0));
  ASSERT_TRUE(exact.ok());
  EXPECT_EQ(exact->difference, Cents::zero());
}

}  // namespace
}  // namespace mamon::domain
