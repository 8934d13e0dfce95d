#include "http/api/json_products.h"

#include <nlohmann/json.hpp>

#include "domain/media.h"
#include "http/api/json_money.h"
#include "service/auth_service.h"

namespace mamon::http::api {
namespace {

// `units` in the stock's unit: a whole number stays a JSON integer (1, as before), a fraction is a
// JSON number (0.25 liter per glass). Exact: units_per_sale is an integer number of steps.
nlohmann::json units_to_json(const domain::Product& product) {
  const std::int64_t steps =
      domain::steps_per_unit(product.stock_unit.value_or(domain::StockUnit::kUnits));
  if (product.units_per_sale % steps == 0) return product.units_per_sale / steps;
  return product.units();
}

}  // namespace

nlohmann::json product_to_json(const domain::Product& product, std::string_view public_url) {
  nlohmann::json out = {
      {"id", product.id},
      {"name", product.name},
      {"price", money_to_json(product.price)},
      {"color", product.color},
      {"active", product.active},
      {"image", domain::media_url(public_url, product.image, domain::MediaKind::kProduct)},
      {"units", units_to_json(product)},
      {"master_stock", nullptr},
      {"grootboek_waarde", nullptr},
  };
  if (product.master_stock_id) out["master_stock"] = *product.master_stock_id;
  if (product.grootboek_waarde) out["grootboek_waarde"] = *product.grootboek_waarde;
  return out;
}

nlohmann::json category_to_json(const domain::Category& category, std::string_view public_url) {
  nlohmann::json products = nlohmann::json::array();
  for (const auto& product : category.products) {
    products.push_back(product_to_json(product, public_url));
  }
  return {{"id", category.id},
          {"name", category.name},
          {"description", category.description},
          {"products", std::move(products)}};
}

}  // namespace mamon::http::api
