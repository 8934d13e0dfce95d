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

// Which products a list shows (API.md: active ones by default; `?active=false` only the inactive
// ones; a product stays reachable by id either way). The bar app turns every product it gets into
// a tile, so an inactive one must not be listed by default.
enum class ProductFilter { kActive, kInactive };

// Keeps the products the filter selects, in order.
std::vector<domain::Product> filter_products(std::vector<domain::Product> products,
                                             ProductFilter filter);
// The same for every category's products (categories themselves are all kept).
std::vector<domain::Category> filter_categories(std::vector<domain::Category> categories,
                                                ProductFilter filter);

// The products the filter selects, by id.
Result<std::vector<domain::Product>> list_products(storage::Database& db, ProductFilter filter);

// Error kProductNotFound.
Result<domain::Product> get_product(storage::Database& db, std::int64_t product_id);

// All categories by id, each with the products the filter selects.
Result<std::vector<domain::Category>> list_categories(storage::Database& db, ProductFilter filter);

// The whole catalogue (every product and category, active or not) read in one transaction, with
// the catalogue version it belongs to (storage::catalogue_version).
struct CatalogueSnapshot {
  std::int64_t version = 0;
  std::vector<domain::Product> products;
  std::vector<domain::Category> categories;
};
Result<CatalogueSnapshot> read_catalogue(storage::Database& db);

// The catalogue version alone: one single-row read, for caches to check whether they are stale.
Result<std::int64_t> catalogue_version(storage::Database& db);

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
