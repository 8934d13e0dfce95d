#include "domain/meals.h"

#include <gtest/gtest.h>

#include <string>

namespace mamon::domain {
namespace {

constexpr TimestampUs kOpensUs = 1'000'000;
constexpr TimestampUs kClosesUs = 2'000'000;

Meal dinner(std::int64_t participants_max = 2) {
  Meal m;
  m.id = 1;
  m.title = "Stamppot";
  m.signup_opens_at_us = kOpensUs;
  m.signup_closes_at_us = kClosesUs;
  m.meal_at_us = 3'000'000;
  m.cost_per_portion = Cents(350);
  m.participants_max = participants_max;
  return m;
}

MealFields fields() {
  MealFields f;
  f.title = "  Stamppot ";
  f.description = " boerenkool\n";
  f.signup_opens_at_us = kOpensUs;
  f.signup_closes_at_us = kClosesUs;
  f.cost_per_portion = Cents(350);
  f.participants_max = 20;
  return f;
}

ErrorCode code_of(const Status& s) {
  return s.ok() ? static_cast<ErrorCode>(-1) : s.error().code;
}

TEST(MealFields, TrimsAndAcceptsAGoodMeal) {
  Result<MealFields> checked = check_meal_fields(fields());
  ASSERT_TRUE(checked.ok());
  EXPECT_EQ(checked->title, "Stamppot");
  EXPECT_EQ(checked->description, "boerenkool");
}

TEST(MealFields, NamesTheFieldOfEachProblem) {
  auto field_of = [](MealFields f) {
    Result<MealFields> r = check_meal_fields(std::move(f));
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.ok() ? ErrorCode::kInternal : r.error().code, ErrorCode::kInvalidInput);
    return r.ok() ? std::string() : r.error().field;
  };
  MealFields f = fields();
  f.title = "   ";
  EXPECT_EQ(field_of(f), "title");
  f = fields();
  f.title = std::string(151, 'x');
  EXPECT_EQ(field_of(f), "title");
  f = fields();
  f.description = std::string(2001, 'x');
  EXPECT_EQ(field_of(f), "description");
  f = fields();
  f.signup_closes_at_us = kOpensUs - 1;
  EXPECT_EQ(field_of(f), "closing_date");
  f = fields();
  f.cost_per_portion = Cents(-1);
  EXPECT_EQ(field_of(f), "cost");
  f = fields();
  f.participants_max = -1;
  EXPECT_EQ(field_of(f), "max_participants");
  f = fields();
  f.participants_max = kMealParticipantsMax + 1;
  EXPECT_EQ(field_of(f), "max_participants");
}

TEST(MealSignupWindow, OpeningAndClosingAreIncluded) {
  const Meal m = dinner();
  EXPECT_FALSE(signup_open(m, kOpensUs - 1));
  EXPECT_TRUE(signup_open(m, kOpensUs));
  EXPECT_TRUE(signup_open(m, kClosesUs));
  EXPECT_FALSE(signup_open(m, kClosesUs + 1));
}

TEST(MealSignup, TheMaximumCountsSignUpsAndZeroMeansNone) {
  EXPECT_TRUE(has_room(dinner(2), 1));
  EXPECT_FALSE(has_room(dinner(2), 2));
  EXPECT_TRUE(has_room(dinner(0), 1'000'000));
}

TEST(MealSignup, RefusesEachBrokenRuleWithItsField) {
  const Meal m = dinner(2);
  EXPECT_TRUE(check_signup(m, 1, 3, "vegetarian", kOpensUs).ok());
  EXPECT_EQ(check_signup(m, 0, 0, "", kOpensUs).error().field, "quantity");
  EXPECT_EQ(check_signup(m, 0, kMealPortionsMax + 1, "", kOpensUs).error().field, "quantity");
  EXPECT_EQ(check_signup(m, 0, 1, std::string(201, 'x'), kOpensUs).error().field, "comment");
  Status early = check_signup(m, 0, 1, "", kOpensUs - 1);
  EXPECT_EQ(code_of(early), ErrorCode::kConflict);
  EXPECT_EQ(early.error().field, "date");
  Status late = check_signup(m, 0, 1, "", kClosesUs + 1);
  EXPECT_EQ(code_of(late), ErrorCode::kConflict);
  EXPECT_EQ(late.error().field, "date");
  Status full = check_signup(m, 2, 1, "", kOpensUs);
  EXPECT_EQ(code_of(full), ErrorCode::kConflict);
  EXPECT_EQ(full.error().field, "max_participants");
}

TEST(MealCharge, IsPortionsTimesCostInCents) {
  EXPECT_EQ(*meal_charge_amount(dinner(), 3), Cents(1050));
  EXPECT_EQ(*meal_charge_amount(dinner(), 1), Cents(350));
}

}  // namespace
}  // namespace mamon::domain
