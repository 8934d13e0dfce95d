#include "domain/cash_moves.h"

#include <gtest/gtest.h>

#include "base/limits.h"

namespace mamon::domain {
namespace {

CashMoveInput move(std::int64_t cents, std::string reason) {
  return {CashMoveDirection::kOut, Cents(cents), std::move(reason)};
}

TEST(CashMoves, DirectionsByName) {
  EXPECT_EQ(*cash_move_direction_from_name("in"), CashMoveDirection::kIn);
  EXPECT_EQ(*cash_move_direction_from_name("out"), CashMoveDirection::kOut);
  EXPECT_EQ(cash_move_direction_name(CashMoveDirection::kOut), "out");
  auto bad = cash_move_direction_from_name("IN");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "direction");
}

TEST(CashMoves, AmountMustBePositiveAndBounded) {
  EXPECT_EQ(validate_cash_move(move(0, "x")).error().code, ErrorCode::kInvalidAmount);
  EXPECT_EQ(validate_cash_move(move(-5, "x")).error().field, "amount");
  EXPECT_TRUE(validate_cash_move(move(limits::kMoneyAbsMaxCents, "x")).ok());
  EXPECT_FALSE(validate_cash_move(move(limits::kMoneyAbsMaxCents + 1, "x")).ok());
}

TEST(CashMoves, ReasonIsRequiredTrimmedAndBounded) {
  EXPECT_EQ(validate_cash_move(move(100, " \t\n")).error().field, "reason");
  EXPECT_EQ(validate_cash_move(move(100, "  to the bank \n"))->reason, "to the bank");
  EXPECT_TRUE(validate_cash_move(move(100, std::string(kCashMoveReasonLengthMax, 'r'))).ok());
  EXPECT_EQ(
      validate_cash_move(move(100, std::string(kCashMoveReasonLengthMax + 1, 'r'))).error().field,
      "reason");
}

}  // namespace
}  // namespace mamon::domain
