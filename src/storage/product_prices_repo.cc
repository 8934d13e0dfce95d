#include "storage/product_prices_repo.h"

namespace mamon::storage {

Status insert_product_price(Transaction& tx, std::int64_t product_id, Cents price,
                            std::optional<TimestampUs> valid_from_us,
                            std::optional<std::int64_t> changed_by_user_id) {
  MAMON_RETURN_IF_ERROR(tx.query(
      "INSERT INTO product_prices (product_id, price_cents, valid_from_us, changed_by_user_id) "
      "VALUES ($1, $2, $3, $4)",
      {product_id, price.value(), param_or_null(valid_from_us),
       param_or_null(changed_by_user_id)}));
  return ok_status();
}

Result<std::vector<ProductPrice>> list_product_prices(Transaction& tx, std::int64_t product_id) {
  MAMON_TRY(QueryResult r,
            tx.query("SELECT pp.price_cents, pp.valid_from_us, pp.changed_by_user_id, "
                     "COALESCE(u.username, '') FROM product_prices pp "
                     "LEFT JOIN users u ON u.id = pp.changed_by_user_id "
                     "WHERE pp.product_id = $1 ORDER BY pp.id",
                     {product_id}));
  std::vector<ProductPrice> out;
  out.reserve(r.rows.size());
  for (const Row& row : r.rows) {
    out.push_back(ProductPrice{Cents(row.get_int(0)), row.get_opt_int(1), row.get_opt_int(2),
                               row.get_text(3)});
  }
  return out;
}

}  // namespace mamon::storage
