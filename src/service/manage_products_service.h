// The board manages the catalogue (issue 9, item 4; WEB.md §2 "Products and categories";
// /manage/products/ and /manage/categories/). Every call needs manage_products (Bestuur, or a
// superuser): kPermissionDenied naming it otherwise, before anything is read.
//
// Rules:
//   - A price change applies from now on: products.price_cents is what the next sale reads,
//     order lines keep the price they were sold at (their snapshot), and the change is appended
//     to the product's price history (storage/product_prices_repo.h) with who and when.
//   - Every change writes one audit entry (object "product" or "category", before -> after as
//     JSON) in the same transaction; a save that changes nothing writes nothing.
//   - Every change raises the catalogue version (database triggers, migration 0004), so every
//     instance's catalogue cache (http/api/catalogue_cache.h) rebuilds; the caller on this
//     instance should also call CatalogueCache::invalidate() to see it at once.
// Thread-safe: each call is one transaction on a pooled connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "domain/permissions.h"
#include "domain/products.h"
#include "service/products_service.h"
#include "storage/database.h"
#include "storage/manage_products_repo.h"
#include "storage/product_prices_repo.h"

namespace mamon::service {

// A product form as typed. Fields are checked in this order, the first problem is returned as
// kInvalidInput with its field name ("stock_item", "name", "price", "color", "units",
// "ledger_account", "categories"), or kConflict "name" when another product has the name.
struct ProductInput {
  std::string name;   // 1..limits::kNameLengthMax bytes after trimming
  std::string price;  // euros: "2", "2.50", "2,50", "€ 2,50"; 0 ..kMoneyAbsMaxCents
  std::string color;  // "#rrggbb"
  bool active = true;
  std::string units = "1";     // per item sold, in the stock item's unit (as the API's `units`:
                               // "0.25" liters); whole steps of that unit only
  std::string ledger_account;  // grootboek_waarde; "" for none; at most kNameLengthMax bytes
  std::vector<std::int64_t> category_ids;  // each must exist
  // The stock item it draws from, as the form's select sent it: "" none, else its id (unknown or
  // not a number: kInvalidInput "stock_item"); nullopt (not sent) keeps the current link (a new
  // product: none). `units` is read in the unit of the stock item chosen here.
  std::optional<std::string> stock_item;
  // A stored picture (service::store_image) to show from now on; nullopt keeps the current one
  // (a new product then gets none: the API serves the default picture).
  std::optional<std::string> image;
};

// Today's product, the categories it is in and its prices, oldest first.
struct ProductDetail {
  domain::Product product;
  std::vector<std::int64_t> category_ids;
  std::vector<storage::ProductPrice> prices;
};

// OK when the caller may manage products, else kPermissionDenied naming manage_products: for a
// page that must refuse before it accepts an upload (a picture is stored before the save).
Status may_manage_products(const domain::Caller& caller);

// Every product the filter selects (active or inactive), by id.
Result<std::vector<domain::Product>> list_products_to_manage(storage::Database& db,
                                                             const domain::Caller& caller,
                                                             ProductFilter filter);
// Error kProductNotFound.
Result<ProductDetail> get_product_to_manage(storage::Database& db, const domain::Caller& caller,
                                            std::int64_t product_id);
// Creates the product with its first price-history row; returns its id.
Result<std::int64_t> create_product(storage::Database& db, const Clock& clock,
                                    const domain::Caller& caller, const ProductInput& input);
// Saves every field; kProductNotFound for an unknown id.
Status update_product_details(storage::Database& db, const Clock& clock,
                              const domain::Caller& caller, std::int64_t product_id,
                              const ProductInput& input);

// A category form as typed: name 1..kNameLengthMax bytes after trimming (kInvalidInput "name"),
// description at most kCommentLengthMax bytes (kInvalidInput "description").
struct CategoryInput {
  std::string name;
  std::string description;
};

// A category with its products in their order.
struct CategoryDetail {
  storage::CategoryRow category;
  std::vector<domain::Product> products;
};

// Every category in its order, each with its products (active or not) in their order.
Result<std::vector<CategoryDetail>> list_categories_to_manage(storage::Database& db,
                                                              const domain::Caller& caller);
// Error kNotFound.
Result<CategoryDetail> get_category_to_manage(storage::Database& db, const domain::Caller& caller,
                                              std::int64_t category_id);
// A new category, last in the order; returns its id.
Result<std::int64_t> create_category(storage::Database& db, const Clock& clock,
                                     const domain::Caller& caller, const CategoryInput& input);
// kNotFound for an unknown id.
Status update_category_details(storage::Database& db, const Clock& clock,
                               const domain::Caller& caller, std::int64_t category_id,
                               const CategoryInput& input);

enum class MoveDirection { kUp, kDown };
// Swaps the category with its neighbour in the order (nothing at either end). kNotFound.
Status move_category(storage::Database& db, const Clock& clock, const domain::Caller& caller,
                     std::int64_t category_id, MoveDirection direction);
// Swaps the product with its neighbour within the category. kNotFound (unknown category, or the
// product is not in it; field "product").
Status move_product_in_category(storage::Database& db, const Clock& clock,
                                const domain::Caller& caller, std::int64_t category_id,
                                std::int64_t product_id, MoveDirection direction);

}  // namespace mamon::service
