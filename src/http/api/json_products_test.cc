// `units` and `master_stock` on the wire: units in the stock item's unit (0.25 liter), a JSON
// integer when whole (as before migration 0005), master_stock the stock item's id or null.
#include "http/api/json_products.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace mamon::http::api {
namespace {

domain::Product product(std::int64_t units_per_sale, std::optional<domain::StockUnit> unit) {
  domain::Product p;
  p.id = 301;
  p.name = "Bier";
  p.price = Cents(110);
  p.units_per_sale = units_per_sale;
  if (unit) {
    p.master_stock_id = 1;
    p.stock_unit = unit;
  }
  return p;
}

TEST(JsonProducts, UnitsAreInTheStockItemsUnit) {
  const nlohmann::json glass = product_to_json(product(250, domain::StockUnit::kLiters), "");
  EXPECT_EQ(glass["units"].dump(), "0.25");
  EXPECT_EQ(glass["master_stock"], 1);
  EXPECT_EQ(product_to_json(product(1800, domain::StockUnit::kLiters), "")["units"].dump(), "1.8");
  EXPECT_EQ(product_to_json(product(250, domain::StockUnit::kGrams), "")["units"].dump(), "250");
  EXPECT_EQ(product_to_json(product(500, domain::StockUnit::kBags), "")["units"].dump(), "0.5");
}

TEST(JsonProducts, WithoutStockUnitsStayAnIntegerAndMasterStockNull) {
  const nlohmann::json plain = product_to_json(product(1000, std::nullopt), "");
  EXPECT_TRUE(plain["units"].is_number_integer());
  EXPECT_EQ(plain["units"], 1);
  EXPECT_TRUE(plain["master_stock"].is_null());
  EXPECT_EQ(product_to_json(product(3000, std::nullopt), "")["units"], 3);
}

}  // namespace
}  // namespace mamon::http::api
