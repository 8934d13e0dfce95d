#include "domain/cash_count.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace mamon::domain {
namespace {

TEST(Denominations, EveryEuroCoinNoteAndRollOnceWithItsValue) {
  std::set<std::string_view> codes;
  std::int64_t coins = 0, notes = 0, rolls = 0;
  for (const Denomination& d : denominations()) {
    EXPECT_TRUE(codes.insert(d.code).second) << d.code;
    EXPECT_GT(d.value, Cents::zero()) << d.code;
    if (d.kind == DenominationKind::kCoin) ++coins;
    if (d.kind == DenominationKind::kNote) ++notes;
    if (d.kind == DenominationKind::kRoll) {
      ++rolls;
      EXPECT_GT(d.coins_per_roll, 0) << d.code;
    }
  }
  EXPECT_EQ(coins, 8);  // 1, 2, 5, 10, 20, 50 cent, 1 and 2 euro
  EXPECT_EQ(notes, 7);  // 5 .. 500 euro
  EXPECT_EQ(rolls, 8);
  EXPECT_EQ(find_denomination("note_0500")->value, Cents(500));
  EXPECT_EQ(find_denomination("roll_200")->value, Cents(5000));  // 25 x 2 euro
  EXPECT_EQ(find_denomination("roll_010")->value, Cents(400));   // 40 x 10 cent
  EXPECT_EQ(find_denomination("roll_001")->value, Cents(50));    // 50 x 1 cent
  EXPECT_FALSE(find_denomination("note_300").has_value());
}

TEST(BreakdownTotal, AddsEveryDenominationTimesItsCount) {
  // 3 x 2.00 + 7 x 0.05 + 2 x 20.00 + 1 x 50.00 + a roll of 1 euro (25.00) = 121.35
  CashBreakdown counted = {
      {"coin_200", 3}, {"coin_005", 7}, {"note_2000", 2}, {"note_5000", 1}, {"roll_100", 1}};
  auto total = breakdown_total(counted);
  ASSERT_TRUE(total.ok()) << total.error().message;
  EXPECT_EQ(*total, Cents(12135));
  EXPECT_EQ(*breakdown_total({}), Cents::zero());
  EXPECT_EQ(*breakdown_total({{"coin_001", 0}}), Cents::zero());
}

TEST(BreakdownTotal, RefusesUnknownRepeatedNegativeAndHugeCountsNamingTheField) {
  auto unknown = breakdown_total({{"coin_300", 1}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(unknown.error().field, "breakdown.coin_300");

  auto twice = breakdown_total({{"coin_200", 1}, {"coin_200", 2}});
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().field, "breakdown.coin_200");

  auto negative = breakdown_total({{"note_1000", -1}});
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.error().field, "breakdown.note_1000");

  auto too_many = breakdown_total({{"coin_001", kDenominationCountMax + 1}});
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(too_many.error().code, ErrorCode::kInvalidInput);
  EXPECT_TRUE(breakdown_total({{"coin_001", kDenominationCountMax}}).ok());

  // 10^6 notes of 500 euro: no overflow, but above the money limit.
  auto too_much = breakdown_total({{"note_50000", kDenominationCountMax}});
  ASSERT_FALSE(too_much.ok());
  EXPECT_EQ(too_much.error().code, ErrorCode::kInvalidAmount);
  EXPECT_EQ(too_much.error().field, "breakdown");
}

}  // namespace
}  // namespace mamon::domain
