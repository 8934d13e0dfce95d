#include "service/products_service.h"

#include "base/limits.h"
#include "service/transactions.h"
#include "storage/products_repo.h"
#include "storage/purchases_repo.h"

namespace mamon::service {

std::vector<domain::Product> filter_products(std::vector<domain::Product> products,
                                             ProductFilter filter) {
  const bool want_active = filter == ProductFilter::kActive;
  std::erase_if(products, [&](const domain::Product& p) { return p.active != want_active; });
  return products;
}

std::vector<domain::Category> filter_categories(std::vector<domain::Category> categories,
                                                ProductFilter filter) {
  for (domain::Category& category : categories) {
    category.products = filter_products(std::move(category.products), filter);
  }
  return categories;
}

Result<std::vector<domain::Product>> list_products(storage::Database& db, ProductFilter filter) {
  MAMON_TRY(std::vector<domain::Product> all,
            run_transaction(db, storage::TxMode::kRead,
                            [&](storage::Transaction& tx) { return storage::list_products(tx); }));
  return filter_products(std::move(all), filter);
}

Result<domain::Product> get_product(storage::Database& db, std::int64_t product_id) {
  return run_transaction(db, storage::TxMode::kRead, [&](storage::Transaction& tx) {
    return storage::find_product(tx, product_id);
  });
}

Result<std::vector<domain::Category>> list_categories(storage::Database& db, ProductFilter filter) {
  MAMON_TRY(std::vector<domain::Category> all,
            run_transaction(db, storage::TxMode::kRead, [&](storage::Transaction& tx) {
              return storage::list_categories(tx);
            }));
  return filter_categories(std::move(all), filter);
}

Result<CatalogueSnapshot> read_catalogue(storage::Database& db) {
  return run_transaction(db, storage::TxMode::kRead,
                         [&](storage::Transaction& tx) -> Result<CatalogueSnapshot> {
                           CatalogueSnapshot snapshot;
                           MAMON_TRY(snapshot.version, storage::catalogue_version(tx));
                           MAMON_TRY(snapshot.products, storage::list_products(tx));
                           MAMON_TRY(snapshot.categories, storage::list_categories(tx));
                           return snapshot;
                         });
}

Result<std::int64_t> catalogue_version(storage::Database& db) {
  return run_transaction(db, storage::TxMode::kRead,
                         [&](storage::Transaction& tx) { return storage::catalogue_version(tx); });
}

Result<std::map<std::int64_t, std::int64_t>> quantities_bought(storage::Database& db,
                                                               const domain::Caller& caller) {
  using Quantities = std::map<std::int64_t, std::int64_t>;
  if (!caller.holder_id) return Quantities{};
  return run_transaction(
      db, storage::TxMode::kRead, [&](storage::Transaction& tx) -> Result<Quantities> {
        MAMON_TRY(auto pairs, storage::quantities_bought_by_holder(tx, *caller.holder_id));
        return Quantities(pairs.begin(), pairs.end());
      });
}

Result<domain::Product> update_product(storage::Database& db, const domain::Caller& caller,
                                       std::int64_t product_id, const std::string& name,
                                       const std::string& color) {
  if (!domain::can_manage_products(caller)) {
    return domain::permission_denied_error(domain::Permission::kManageProducts,
                                           "You do not have permission to perform this action.");
  }
  if (name.empty() || name.size() > limits::kNameLengthMax) {
    return make_error(ErrorCode::kInvalidInput, "A name of 1 to 150 characters is required.",
                      "name");
  }
  auto is_hex = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  };
  bool color_ok = color.size() == 7 && color[0] == '#';
  for (std::size_t i = 1; color_ok && i < color.size(); ++i) color_ok = is_hex(color[i]);
  if (!color_ok) {
    return make_error(ErrorCode::kInvalidInput, "Enter a colour as #rrggbb.", "color");
  }
  return run_transaction(
      db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<domain::Product> {
        Status updated = storage::set_product_name_and_color(tx, product_id, name, color);
        if (!updated.ok()) {
          Error error = std::move(updated).error();
          if (error.code == ErrorCode::kConflict) {
            error.message = "A product with this name already exists.";
            error.field = "name";
          }
          return error;
        }
        return storage::find_product(tx, product_id);
      });
}

}  // namespace mamon::service
