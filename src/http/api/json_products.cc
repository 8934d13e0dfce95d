#include "http/api/json_products.h"

#include <nlohmann/json.hpp>

#include "domain/media.h"
#include "http/api/json_money.h"
#include "service/auth_service.h"

namespace mamon::http::api {

nlohmann::json product_to_json(const domain::Product& product, std::string_view public_url) {
  nlohmann::json out = {
      {"id", product.id},
      {"name", product.name},
      {"price", money_to_json(product.price)},
      {"color", product.color},
      {"active", product.active},
      {"image", domain::media_url(public_url, product.image, domain::MediaKind::kProduct)},
      {"units", product.units},
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
