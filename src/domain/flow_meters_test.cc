#include "domain/flow_meters.h"

#include <gtest/gtest.h>

#include "base/limits.h"

namespace mamon::domain {
namespace {

TEST(PouredMl, ConvertsReadingsToMillilitresRoundingHalfUp) {
  EXPECT_EQ(*poured_ml({1000, 1250}, 100), 2500);  // a centilitre meter: 250 cl
  EXPECT_EQ(*poured_ml({0, 1}, 3), 333);           // 1/3 litre
  EXPECT_EQ(*poured_ml({0, 2}, 3), 667);           // 666.67 -> 667
  EXPECT_EQ(*poured_ml({0, 1}, 2000), 1);          // 0.5 ml -> 1 (half up)
  EXPECT_EQ(*poured_ml({5, 5}, 100), 0);
  // The largest readings: no overflow.
  EXPECT_EQ(*poured_ml({0, limits::kFlowMeterMax}, 1), limits::kFlowMeterMax * 1000);
}

TEST(PouredMl, RefusesABadScaleAndAMeterThatWentBackwards) {
  auto zero_scale = poured_ml({0, 10}, 0);
  ASSERT_FALSE(zero_scale.ok());
  EXPECT_EQ(zero_scale.error().field, "readings_per_litre");
  EXPECT_FALSE(poured_ml({0, 10}, kReadingsPerLitreMax + 1).ok());

  auto backwards = poured_ml({500, 499}, 100);
  ASSERT_FALSE(backwards.ok());
  EXPECT_EQ(backwards.error().code, ErrorCode::kInvalidInput);
}

TEST(FlowShrinkage, HandComputedEvening) {
  // Meter 1 at 100 readings per litre went from 12000 to 16350: 43.5 litres poured. Sold: 160
  // glasses of 0.25 l and 20 pitchers of 0.15 l (3 l) -> 43 litres. Shrinkage 0.5 l = 1.15 %.
  auto s = flow_shrinkage({12000, 16350}, 100, 160 * 250 + 20 * 150, 10);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->poured_ml, 43500);
  EXPECT_EQ(s->sold_ml, 43000);
  EXPECT_EQ(s->shrinkage_ml, 500);
  EXPECT_EQ(s->shrinkage_basis_points, 115);  // 1.149 % -> 1.15 %
  EXPECT_FALSE(s->flagged);
}

TEST(FlowShrinkage, FlagsOnlyAboveTheThreshold) {
  // 10 litres poured, 9 sold: exactly 10 % is not above 10 %.
  auto at = flow_shrinkage({0, 1000}, 100, 9000, 10);
  ASSERT_TRUE(at.ok());
  EXPECT_EQ(at->shrinkage_basis_points, 1000);
  EXPECT_FALSE(at->flagged);
  // 8.99 litres sold: 10.1 % is.
  auto above = flow_shrinkage({0, 1000}, 100, 8990, 10);
  ASSERT_TRUE(above.ok());
  EXPECT_EQ(above->shrinkage_basis_points, 1010);
  EXPECT_TRUE(above->flagged);
}

TEST(FlowShrinkage, MoreSoldThanPouredIsNegativeAndNothingPouredHasNoPercentage) {
  auto negative = flow_shrinkage({0, 1000}, 100, 10500, 10);
  ASSERT_TRUE(negative.ok());
  EXPECT_EQ(negative->shrinkage_ml, -500);
  EXPECT_EQ(negative->shrinkage_basis_points, -500);  // -5 %
  EXPECT_FALSE(negative->flagged);

  auto idle = flow_shrinkage({700, 700}, 100, 250, 10);
  ASSERT_TRUE(idle.ok());
  EXPECT_EQ(idle->poured_ml, 0);
  EXPECT_EQ(idle->shrinkage_ml, -250);
  EXPECT_FALSE(idle->shrinkage_basis_points.has_value());
  EXPECT_FALSE(idle->flagged);
}

TEST(FlowShrinkage, RefusesNegativeSalesAndAThresholdOutOfRange) {
  EXPECT_FALSE(flow_shrinkage({0, 10}, 100, -1, 10).ok());
  EXPECT_FALSE(flow_shrinkage({0, 10}, 100, 0, 101).ok());
  EXPECT_FALSE(flow_shrinkage({0, 10}, 100, 0, -1).ok());
}

}  // namespace
}  // namespace mamon::domain
