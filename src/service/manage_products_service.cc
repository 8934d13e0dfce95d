#include "service/manage_products_service.h"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>
#include <utility>

#include "base/limits.h"
#include "base/money.h"
#include "service/audit_trail.h"
#include "service/transactions.h"
#include "storage/products_repo.h"
#include "storage/stock_repo.h"

namespace mamon::service {
namespace {

constexpr std::int64_t kUnitsPerSaleMax = 1'000'000'000;  // a million liters: a typo, not a sale

Status check_can_manage(const domain::Caller& caller) {
  if (domain::can_manage_products(caller)) return ok_status();
  return domain::permission_denied_error(domain::Permission::kManageProducts,
                                         "Only the board can change products and categories.");
}

std::string trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

Error invalid(std::string field, std::string message) {
  return make_error(ErrorCode::kInvalidInput, std::move(message), std::move(field));
}

Result<Cents> parse_price(std::string_view text) {
  std::string plain = trimmed(text);
  constexpr std::string_view kEuro = "\xE2\x82\xAC";  // €
  if (std::string_view(plain).starts_with(kEuro)) plain = trimmed(plain.substr(kEuro.size()));
  std::replace(plain.begin(), plain.end(), ',', '.');
  Result<Cents> price = Cents::parse(plain);
  if (!price.ok() || price->value() < 0 || price->value() > limits::kMoneyAbsMaxCents) {
    return invalid("price", "Enter a price in euros, such as 2.50.");
  }
  return *price;
}

bool valid_color(std::string_view color) {
  if (color.size() != 7 || color[0] != '#') return false;
  return std::all_of(color.begin() + 1, color.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
}

bool same_color(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [&](char x, char y) { return lower(x) == lower(y); });
}

// "0.25" in `unit` -> 250 steps; whole steps only (no more decimals than the unit has).
Result<std::int64_t> parse_units(std::string_view text, domain::StockUnit unit) {
  const std::string plain_text = trimmed(text);
  std::string_view plain = plain_text;
  const std::int64_t per_unit = domain::steps_per_unit(unit);
  const int decimals_max = per_unit == 1 ? 0 : 3;
  Error error = invalid("units", per_unit == 1 ? "Enter a whole number of units, such as 25."
                                               : "Enter a number of units, such as 0.25.");
  const std::size_t separator = plain.find_first_of(".,");
  std::string_view whole = plain.substr(0, separator);
  std::string_view fraction =
      separator == std::string_view::npos ? std::string_view{} : plain.substr(separator + 1);
  if (whole.empty() && fraction.empty()) return error;
  if (whole.size() > 10 || static_cast<int>(fraction.size()) > decimals_max) return error;
  if (separator != std::string_view::npos && fraction.empty()) return error;
  auto digits = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (!digits(whole) || !digits(fraction)) return error;
  std::int64_t steps = 0;
  for (char c : whole) steps = steps * 10 + (c - '0');
  steps *= per_unit;
  std::int64_t fraction_steps = 0;
  std::int64_t scale = per_unit;
  for (char c : fraction) {
    scale /= 10;
    fraction_steps += (c - '0') * scale;
  }
  steps += fraction_steps;
  if (steps > kUnitsPerSaleMax) return error;
  return steps;
}

// The stock item the form chose (see ProductInput::stock_item), or `current` when it sent none,
// with the unit `units` is read in (a product without stock counts pieces).
struct ChosenStock {
  std::optional<std::int64_t> id;
  domain::StockUnit unit = domain::StockUnit::kUnits;
};
Result<ChosenStock> chosen_stock(storage::Transaction& tx, const ProductInput& input,
                                 std::optional<std::int64_t> current) {
  std::optional<std::int64_t> id = current;
  if (input.stock_item) {
    const std::string text = trimmed(*input.stock_item);
    id.reset();
    if (!text.empty()) {
      std::int64_t parsed = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed);
      if (ec != std::errc() || end != text.data() + text.size()) {
        return invalid("stock_item", "Choose a stock item from the list.");
      }
      id = parsed;
    }
  }
  if (!id) return ChosenStock{};
  Result<domain::StockItem> item = storage::find_stock_item(tx, *id);
  if (!item.ok()) {
    if (item.error().code == ErrorCode::kNotFound) {
      return invalid("stock_item", "Choose a stock item from the list.");
    }
    return std::move(item).error();
  }
  return ChosenStock{id, item->unit};
}

// The checked form, ready for the repository (image not yet resolved).
struct CheckedProduct {
  storage::ProductChanges changes;
  std::vector<std::int64_t> category_ids;
};

Result<CheckedProduct> check_product_input(storage::Transaction& tx, const ProductInput& input,
                                           domain::StockUnit unit) {
  CheckedProduct out;
  out.changes.name = trimmed(input.name);
  if (out.changes.name.empty() || out.changes.name.size() > limits::kNameLengthMax) {
    return invalid("name", "A name of 1 to 150 characters is required.");
  }
  MAMON_TRY(out.changes.price, parse_price(input.price));
  out.changes.color = trimmed(input.color);
  if (!valid_color(out.changes.color)) return invalid("color", "Enter a colour as #rrggbb.");
  out.changes.active = input.active;
  MAMON_TRY(out.changes.units_per_sale, parse_units(input.units, unit));
  std::string ledger = trimmed(input.ledger_account);
  if (ledger.size() > limits::kNameLengthMax) {
    return invalid("ledger_account", "A ledger account has at most 150 characters.");
  }
  if (!ledger.empty()) out.changes.grootboek_waarde = std::move(ledger);
  MAMON_TRY(std::vector<storage::CategoryRow> categories, storage::list_category_rows(tx));
  for (std::int64_t id : input.category_ids) {
    const bool known = std::any_of(categories.begin(), categories.end(),
                                   [&](const storage::CategoryRow& c) { return c.id == id; });
    if (!known) return invalid("categories", "A chosen category does not exist.");
    if (std::find(out.category_ids.begin(), out.category_ids.end(), id) == out.category_ids.end()) {
      out.category_ids.push_back(id);
    }
  }
  std::sort(out.category_ids.begin(), out.category_ids.end());
  return out;
}

nlohmann::json product_json(const storage::ProductChanges& p,
                            const std::vector<std::int64_t>& category_ids) {
  return {{"name", p.name},
          {"price_cents", p.price.value()},
          {"color", p.color},
          {"active", p.active},
          {"image", p.image},
          {"units_per_sale", p.units_per_sale},
          {"ledger_account", p.grootboek_waarde.value_or("")},
          {"stock_item", p.stock_item_id ? nlohmann::json(*p.stock_item_id) : nlohmann::json()},
          {"categories", category_ids}};
}

storage::ProductChanges changes_of(const domain::Product& p) {
  return {
      p.name,           p.price, p.color, p.active, p.image, p.units_per_sale, p.grootboek_waarde,
      p.master_stock_id};
}

Status audit(storage::Transaction& tx, const Clock& clock, const domain::Caller& caller,
             std::string action, std::string object_type, std::int64_t object_id,
             nlohmann::json detail) {
  return record_change(tx, caller, action, object_type, object_id, detail, clock.now_us());
}

// A duplicate name (the products.name UNIQUE constraint) as the form's field error.
Error with_name_conflict(Error error) {
  if (error.code == ErrorCode::kConflict) {
    error.message = "A product with this name already exists.";
    error.field = "name";
  }
  return error;
}

Result<CategoryInput> check_category_input(const CategoryInput& input) {
  CategoryInput out{trimmed(input.name), trimmed(input.description)};
  if (out.name.empty() || out.name.size() > limits::kNameLengthMax) {
    return invalid("name", "A name of 1 to 150 characters is required.");
  }
  if (out.description.size() > limits::kCommentLengthMax) {
    return invalid("description", "A description has at most 2000 characters.");
  }
  return out;
}

Result<CategoryDetail> category_detail(storage::Transaction& tx, storage::CategoryRow category) {
  MAMON_TRY(std::vector<std::int64_t> ids, storage::product_ids_in_category(tx, category.id));
  MAMON_TRY(std::vector<domain::Product> found, storage::find_products(tx, ids));
  CategoryDetail detail{std::move(category), {}};
  for (std::int64_t id : ids) {  // find_products answers by id: put them in the category's order
    auto it = std::find_if(found.begin(), found.end(),
                           [&](const domain::Product& p) { return p.id == id; });
    if (it != found.end()) detail.products.push_back(*it);
  }
  return detail;
}

// Swaps ids[i] with its neighbour in `direction`; false at either end or when absent.
bool swap_with_neighbour(std::vector<std::int64_t>& ids, std::int64_t id, MoveDirection direction) {
  auto it = std::find(ids.begin(), ids.end(), id);
  if (it == ids.end()) return false;
  if (direction == MoveDirection::kUp) {
    if (it == ids.begin()) return false;
    std::iter_swap(it, it - 1);
  } else {
    if (it + 1 == ids.end()) return false;
    std::iter_swap(it, it + 1);
  }
  return true;
}

std::string_view direction_name(MoveDirection direction) {
  return direction == MoveDirection::kUp ? "up" : "down";
}

}  // namespace

Status may_manage_products(const domain::Caller& caller) {
  return check_can_manage(caller);
}

Result<std::vector<domain::Product>> list_products_to_manage(storage::Database& db,
                                                             const domain::Caller& caller,
                                                             ProductFilter filter) {
  MAMON_RETURN_IF_ERROR(check_can_manage(caller));
  return list_products(db, filter);
}

Result<ProductDetail> get_product_to_manage(storage::Database& db, const domain::Caller& caller,
                                            std::int64_t product_id) {
  MAMON_RETURN_IF_ERROR(check_can_manage(caller));
  return run_transaction(
      db, storage::TxMode::kRead, [&](storage::Transaction& tx) -> Result<ProductDetail> {
        ProductDetail detail;
        MAMON_TRY(detail.product, storage::find_product(tx, product_id));
        MAMON_TRY(detail.category_ids, storage::categories_of_product(tx, product_id));
        MAMON_TRY(detail.prices, storage::list_product_prices(tx, product_id));
        return detail;
      });
}

Result<std::int64_t> create_product(storage::Database& db, const Clock& clock,
                                    const domain::Caller& caller, const ProductInput& input) {
  MAMON_RETURN_IF_ERROR(check_can_manage(caller));
  return run_transaction(
      db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<std::int64_t> {
        // Without a stock item its units count pieces (domain::Product).
        MAMON_TRY(ChosenStock stock, chosen_stock(tx, input, std::nullopt));
        MAMON_TRY(CheckedProduct checked, check_product_input(tx, input, stock.unit));
        checked.changes.stock_item_id = stock.id;
        const storage::ProductChanges& c = checked.changes;
        storage::NewProduct product{
            c.name,           c.price,  c.color,           c.active, input.image.value_or(""),
            c.units_per_sale, stock.id, c.grootboek_waarde};
        Result<std::int64_t> id = storage::insert_product(tx, product);
        if (!id.ok()) return with_name_conflict(std::move(id).error());
        MAMON_RETURN_IF_ERROR(
            storage::insert_product_price(tx, *id, c.price, clock.now_us(), caller.user_id));
        MAMON_RETURN_IF_ERROR(storage::set_categories_of_product(tx, *id, checked.category_ids));
        storage::ProductChanges stored = c;
        stored.image = product.image;
        MAMON_RETURN_IF_ERROR(
            audit(tx, clock, caller, "create_product", "product", *id,
                  {{"before", nullptr}, {"after", product_json(stored, checked.category_ids)}}));
        return *id;
      });
}

Status update_product_details(storage::Database& db, const Clock& clock,
                              const domain::Caller& caller, std::int64_t product_id,
                              const ProductInput& input) {
  MAMON_RETURN_IF_ERROR(check_can_manage(caller));
  return run_transaction(db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Status {
    MAMON_TRY(domain::Product before, storage::find_product(tx, product_id));
    MAMON_TRY(std::vector<std::int64_t> categories_before,
              storage::categories_of_product(tx, product_id));
    MAMON_TRY(ChosenStock stock, chosen_stock(tx, input, before.master_stock_id));
    MAMON_TRY(CheckedProduct checked, check_product_input(tx, input, stock.unit));
    checked.changes.stock_item_id = stock.id;
    storage::ProductChanges& after = checked.changes;
    after.image = input.image.value_or(before.image);
    // A colour picker sends #rrggbb in lower case; imported colours are often upper case.
    if (same_color(after.color, before.color)) after.color = before.color;
    const nlohmann::json before_json = product_json(changes_of(before), categories_before);
    const nlohmann::json after_json = product_json(after, checked.category_ids);
    if (before_json == after_json) return ok_status();  // nothing changed: nothing to record
    Status updated = storage::update_product(tx, product_id, after);
    if (!updated.ok()) return with_name_conflict(std::move(updated).error());
    if (after.price != before.price) {
      MAMON_RETURN_IF_ERROR(storage::insert_product_price(tx, product_id, after.price,
                                                          clock.now_us(), caller.user_id));
    }
    MAMON_RETURN_IF_ERROR(storage::set_categories_of_product(tx, product_id, checked.category_ids));
    return audit(tx, clock, caller, "update_product", "product", product_id,
                 {{"before", before_json}, {"after", after_json}});
  });
}

Result<std::vector<CategoryDetail>> list_categories_to_manage(storage::Database& db,
                                                              const domain::Caller& caller) {
  MAMON_RETURN_IF_ERROR(check_can_manage(caller));
  return run_transaction(db, storage::TxMode::kRead,
                         [&](storage::Transaction& tx) -> Result<std::vector<CategoryDetail>> {
                           MAMON_TRY(std::vector<storage::CategoryRow> rows,
                                     storage::list_category_rows(tx));
                           std::vector<CategoryDetail> out;
                           for (storage::CategoryRow& row : rows) {
                             MAMON_TRY(CategoryDetail detail, category_detail(tx, std::move(row)));
                             out.push_back(std::move(detail));
                           }
                           return out;
                         });
}

Result<CategoryDetail> get_category_to_manage(storage::Database& db, const domain::Caller& caller,
                                              std::int64_t category_id) {
  MAMON_RETURN_IF_ERROR(check_can_manage(caller));
  return run_transaction(
      db, storage::TxMode::kRead, [&](storage::Transaction& tx) -> Result<CategoryDetail> {
        MAMON_TRY(storage::CategoryRow row, storage::find_category(tx, category_id));
        return category_detail(tx, std::move(row));
      });
}

Result<std::int64_t> create_category(storage::Database& db, const Clock& clock,
                                     const domain::Caller& caller, const CategoryInput& input) {
  MAMON_RETURN_IF_ERROR(check_can_manage(caller));
  MAMON_TRY(CategoryInput checked, check_category_input(input));
  return run_transaction(
      db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<std::int64_t> {
        MAMON_TRY(std::int64_t id, storage::insert_category(tx, checked.name, checked.description));
        MAMON_RETURN_IF_ERROR(
            audit(tx, clock, caller, "create_category", "category", id,
                  {{"before", nullptr},
                   {"after", {{"name", checked.name}, {"description", checked.description}}}}));
        return id;
      });
}

Status update_category_details(storage::Database& db, const Clock& clock,
                               const domain::Caller& caller, std::int64_t category_id,
                               const CategoryInput& input) {
  MAMON_RETURN_IF_ERROR(check_can_manage(caller));
  MAMON_TRY(CategoryInput checked, check_category_input(input));
  return run_transaction(db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Status {
    MAMON_TRY(storage::CategoryRow before, storage::find_category(tx, category_id));
    if (before.name == checked.name && before.description == checked.description) {
      return ok_status();
    }
    MAMON_RETURN_IF_ERROR(
        storage::update_category(tx, category_id, checked.name, checked.description));
    return audit(tx, clock, caller, "update_category", "category", category_id,
                 {{"before", {{"name", before.name}, {"description", before.description}}},
                  {"after", {{"name", checked.name}, {"description", checked.description}}}});
  });
}

Status move_category(storage::Database& db, const Clock& clock, const domain::Caller& caller,
                     std::int64_t category_id, MoveDirection direction) {
  MAMON_RETURN_IF_ERROR(check_can_manage(caller));
  return run_transaction(db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Status {
    MAMON_RETURN_IF_ERROR(storage::find_category(tx, category_id));
    MAMON_TRY(std::vector<storage::CategoryRow> rows, storage::list_category_rows(tx));
    std::vector<std::int64_t> before;
    for (const storage::CategoryRow& row : rows) before.push_back(row.id);
    std::vector<std::int64_t> after = before;
    if (!swap_with_neighbour(after, category_id, direction)) return ok_status();
    MAMON_RETURN_IF_ERROR(storage::set_category_order(tx, after));
    return audit(tx, clock, caller, "move_category", "category", category_id,
                 {{"direction", direction_name(direction)},
                  {"before", {{"order", before}}},
                  {"after", {{"order", after}}}});
  });
}

Status move_product_in_category(storage::Database& db, const Clock& clock,
                                const domain::Caller& caller, std::int64_t category_id,
                                std::int64_t product_id, MoveDirection direction) {
  MAMON_RETURN_IF_ERROR(check_can_manage(caller));
  return run_transaction(db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Status {
    MAMON_RETURN_IF_ERROR(storage::find_category(tx, category_id));
    MAMON_TRY(std::vector<std::int64_t> before, storage::product_ids_in_category(tx, category_id));
    if (std::find(before.begin(), before.end(), product_id) == before.end()) {
      return make_error(ErrorCode::kNotFound, "The product is not in this category.", "product");
    }
    std::vector<std::int64_t> after = before;
    if (!swap_with_neighbour(after, product_id, direction)) return ok_status();
    MAMON_RETURN_IF_ERROR(storage::set_product_order(tx, category_id, after));
    return audit(tx, clock, caller, "move_product", "category", category_id,
                 {{"product", product_id},
                  {"direction", direction_name(direction)},
                  {"before", {{"products", before}}},
                  {"after", {{"products", after}}}});
  });
}

}  // namespace mamon::service
