// A product's price history (migration 0013): every price it has had, oldest first. The current
// price is also products.price_cents, which sales read; order lines snapshot the price they were
// sold at, so history rows are for people only. All calls run inside the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "base/clock.h"
#include "base/money.h"
#include "base/result.h"
#include "storage/database.h"

namespace mamon::storage {

struct ProductPrice {
  Cents price;
  // When it took effect; none for the price the product had when it came into Mamon (imported,
  // or existing before migration 0013: the old system kept no history).
  std::optional<TimestampUs> valid_from_us;
  std::optional<std::int64_t> changed_by_user_id;
  std::string changed_by_username;  // "" when none
};

// Appends a row (product_id must exist: a foreign key).
Status insert_product_price(Transaction& tx, std::int64_t product_id, Cents price,
                            std::optional<TimestampUs> valid_from_us,
                            std::optional<std::int64_t> changed_by_user_id);

// The product's prices in the order they were set (oldest first); empty for an unknown id.
Result<std::vector<ProductPrice>> list_product_prices(Transaction& tx, std::int64_t product_id);

}  // namespace mamon::storage
