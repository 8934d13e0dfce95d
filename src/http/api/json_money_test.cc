#include "http/api/json_money.h"

#include <gtest/gtest.h>

#include <limits>

#include <nlohmann/json.hpp>

namespace mamon::http::api {
namespace {

Result<Cents> parse(const char* text) { return money_from_json(nlohmann::json::parse(text), "amount"); }

TEST(JsonMoneyTest, AcceptsIntegersAndTwoDecimalFloats) {
  EXPECT_EQ(parse("12")->value(), 1200);
  EXPECT_EQ(parse("-3")->value(), -300);
  EXPECT_EQ(parse("1.5")->value(), 150);
  EXPECT_EQ(parse("12.35")->value(), 1235);
  EXPECT_EQ(parse("0.1")->value(), 10);
  EXPECT_EQ(parse("0.07")->value(), 7);
  EXPECT_EQ(parse("12.0")->value(), 1200);
  EXPECT_EQ(parse("-0.0")->value(), 0);
  EXPECT_EQ(parse("999999.99")->value(), 99999999);
  EXPECT_EQ(parse("1000000")->value(), 100000000);
  EXPECT_EQ(parse("1e2")->value(), 10000);
}

TEST(JsonMoneyTest, RejectsThreeDecimalsWrongTypesAndHugeValues) {
  for (const char* text : {"12.345", "0.001", "\"12\"", "true", "null", "[]", "{}", "1000000.01",
                           "1e300", "10000000", "-10000000", "18446744073709551615"}) {
    auto result = parse(text);
    ASSERT_FALSE(result.ok()) << text;
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidAmount) << text;
    EXPECT_EQ(result.error().field, "amount") << text;
  }
  auto nan = money_from_json(nlohmann::json(std::numeric_limits<double>::quiet_NaN()), "x");
  EXPECT_FALSE(nan.ok());
}

TEST(JsonMoneyTest, FormatsAsNumbers) {
  EXPECT_EQ(money_to_json(Cents(1235)).dump(), "12.35");
  EXPECT_EQ(money_to_json(Cents(150)).dump(), "1.5");
  EXPECT_EQ(money_to_json(Cents(1200)).dump(), "12");
  EXPECT_EQ(money_to_json(Cents(-50)).dump(), "-0.5");
  EXPECT_EQ(money_to_json(Cents(0)).dump(), "0");
  EXPECT_EQ(money_to_json(Cents(7)).dump(), "0.07");
  for (std::int64_t c : {1, 10, 99, 12345, 99999999, -1, -99999999}) {
    EXPECT_EQ(money_from_json(money_to_json(Cents(c)), "a")->value(), c);
  }
}

}  // namespace
}  // namespace mamon::http::api
