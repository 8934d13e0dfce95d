// Serialisers of the catalogue (API.md "Catalogue"):
//   Product   {"id", "name", "price", "color", "active", "image": <absolute URL>,
//              "units": a number in the stock item's unit (0.25 liter; 1 without a stock item),
//              "master_stock": null|stock item id, "grootboek_waarde": null|text}
//   Category  {"id", "name", "description", "products": [Product]}
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string_view>

#include "domain/products.h"

namespace mamon::http::api {

nlohmann::json product_to_json(const domain::Product& product, std::string_view public_url);
nlohmann::json category_to_json(const domain::Category& category, std::string_view public_url);

}  // namespace mamon::http::api
