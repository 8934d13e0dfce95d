// The catalogue (DESIGN.md §1): products and the categories that group them for the tablet.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/money.h"

namespace mamon::domain {

struct Product {
  std::int64_t id = 0;
  std::string name;
  Cents price;
  std::string color = "#FFFFFF";  // "#rrggbb"
  bool active = true;
  std::string image;
  std::int64_t units = 1;
  std::optional<std::int64_t> master_stock_id;
  std::optional<std::string> grootboek_waarde;  // ledger account text for the treasurer
  std::optional<std::int64_t> stock;
};

struct Category {
  std::int64_t id = 0;
  std::string name;
  std::string description;
  std::vector<Product> products;  // ordered by product id
};

}  // namespace mamon::domain
