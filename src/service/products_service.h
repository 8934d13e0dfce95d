// Reading the catalogue (API.md "Catalogue"). Any authenticated caller may read it. Each call is
// one read transaction.
// Thread-safe: every call takes its own pooled connection; the Clock and Database are shared.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "base/result.h"
#include "domain/permissions.h"
#include "domain/products.h"
#include "storage/database.h"

namespace mamon::service {

// All products, active or not, by id.
Result<std::vector<domain::Product>> list_products(storage::Database& db);

// Error kProductNotFound.
Result<domain::Product> get_product(storage::Database& db, std::int64_t product_id);

// All categories by id, each with its products.
Result<std::vector<domain::Category>> list_categories(storage::Database& db);

// For GET /api/products/overview/: product id -> quantity the caller bought (as buyer, with
// their wallet). Empty for a caller without a holder.
Result<std::map<std::int64_t, std::int64_t>> quantities_bought(storage::Database& db,
                                                               const domain::Caller& caller);

// PUT /api/products/{id}: changes only the name and colour. Checks, in order: the caller may
// manage products (board or superuser; kPermissionDenied); name 1..limits::kNameLengthMax bytes
// (kInvalidInput "name"); color "#rrggbb" (kInvalidInput "color"); the product exists
// (kProductNotFound); the name is not another product's (kConflict). Returns the stored product.
Result<domain::Product> update_product(storage::Database& db, const domain::Caller& caller,
                                       std::int64_t product_id, const std::string& name,
                                       const std::string& color);

}  // namespace mamon::service
