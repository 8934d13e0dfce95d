#include "domain/stock.h"

#include <gtest/gtest.h>

namespace mamon::domain {
namespace {

std::int64_t steps(std::string_view text, StockUnit unit) {
  auto r = parse_stock_quantity(text, unit, "quantity");
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : -999;
}

bool refused(std::string_view text, StockUnit unit) {
  auto r = parse_stock_quantity(text, unit, "units");
  if (r.ok()) return false;
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(r.error().field, "units");
  return true;
}

TEST(ParseStockQuantity, DecimalTextBecomesExactSteps) {
  EXPECT_EQ(steps("0.25", StockUnit::kLiters), 250);
  EXPECT_EQ(steps("0,25", StockUnit::kLiters), 250);
  EXPECT_EQ(steps("-1.5", StockUnit::kBags), -1500);
  EXPECT_EQ(steps("+2", StockUnit::kUnits), 2000);
  EXPECT_EQ(steps("25", StockUnit::kGrams), 25);
  EXPECT_EQ(steps("25.000", StockUnit::kGrams), 25);
  EXPECT_EQ(steps("1e-3", StockUnit::kLiters), 1);
  EXPECT_EQ(steps("1.5E2", StockUnit::kMeters), 150000);
  EXPECT_EQ(steps("0.001", StockUnit::kPieces), 1);
  EXPECT_EQ(steps(".5", StockUnit::kLiters), 500);
  EXPECT_EQ(steps("0", StockUnit::kLiters), 0);
  EXPECT_EQ(steps(" 12 ", StockUnit::kBoxes), 12000);
  EXPECT_EQ(steps("1000000000", StockUnit::kLiters), 1'000'000'000'000);
}

TEST(ParseStockQuantity, RefusesNonNumbersFinerStepsAndAbsurdSizes) {
  EXPECT_TRUE(refused("", StockUnit::kLiters));
  EXPECT_TRUE(refused("abc", StockUnit::kLiters));
  EXPECT_TRUE(refused("1..2", StockUnit::kLiters));
  EXPECT_TRUE(refused("1.2.3", StockUnit::kLiters));
  EXPECT_TRUE(refused("1e", StockUnit::kLiters));
  EXPECT_TRUE(refused("--1", StockUnit::kLiters));
  EXPECT_TRUE(refused("0.0005", StockUnit::kLiters));
  EXPECT_TRUE(refused("0.5", StockUnit::kGrams));
  EXPECT_TRUE(refused("1000000001", StockUnit::kLiters));
  EXPECT_TRUE(refused("1e400", StockUnit::kLiters));
  EXPECT_TRUE(refused("nan", StockUnit::kLiters));
  EXPECT_TRUE(refused("1 2", StockUnit::kLiters));
}

TEST(FormatStockQuantity, ShortestExactText) {
  EXPECT_EQ(format_stock_quantity(250, StockUnit::kLiters), "0.25");
  EXPECT_EQ(format_stock_quantity(12000, StockUnit::kBags), "12");
  EXPECT_EQ(format_stock_quantity(-1500, StockUnit::kBags), "-1.5");
  EXPECT_EQ(format_stock_quantity(-5, StockUnit::kLiters), "-0.005");
  EXPECT_EQ(format_stock_quantity(25, StockUnit::kGrams), "25");
  EXPECT_EQ(format_stock_quantity(0, StockUnit::kLiters), "0");
  for (std::int64_t s : {1LL, 10LL, 999LL, 1001LL, -123456LL}) {
    EXPECT_EQ(steps(format_stock_quantity(s, StockUnit::kLiters), StockUnit::kLiters), s);
  }
}

TEST(StockMutationKinds, NamesRoundTrip) {
  for (auto kind :
       {StockMutationKind::kImport, StockMutationKind::kDelivery, StockMutationKind::kCount,
        StockMutationKind::kLoss, StockMutationKind::kSale}) {
    EXPECT_EQ(parse_stock_mutation_kind(stock_mutation_kind_name(kind)), kind);
  }
  EXPECT_FALSE(parse_stock_mutation_kind("Delivery").has_value());
  EXPECT_FALSE(parse_stock_mutation_kind("").has_value());
}

TEST(CheckManualMutation, SignRules) {
  EXPECT_TRUE(check_manual_mutation(StockMutationKind::kDelivery, 1).ok());
  EXPECT_EQ(check_manual_mutation(StockMutationKind::kDelivery, 0).error().field, "quantity");
  EXPECT_EQ(check_manual_mutation(StockMutationKind::kDelivery, -1).error().field, "quantity");
  EXPECT_TRUE(check_manual_mutation(StockMutationKind::kLoss, -1).ok());
  EXPECT_FALSE(check_manual_mutation(StockMutationKind::kLoss, 0).ok());
  EXPECT_FALSE(check_manual_mutation(StockMutationKind::kLoss, 5).ok());
  EXPECT_TRUE(check_manual_mutation(StockMutationKind::kCount, -7).ok());
  EXPECT_TRUE(check_manual_mutation(StockMutationKind::kCount, 7).ok());
  EXPECT_TRUE(check_manual_mutation(StockMutationKind::kCount, 0).ok());
  EXPECT_EQ(check_manual_mutation(StockMutationKind::kSale, -1).error().field, "kind");
  EXPECT_EQ(check_manual_mutation(StockMutationKind::kImport, 1).error().field, "kind");
  EXPECT_FALSE(check_manual_mutation(StockMutationKind::kDelivery, kStockStepsAbsMax + 1).ok());
}

}  // namespace
}  // namespace mamon::domain
