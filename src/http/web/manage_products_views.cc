#include "http/web/manage_products_views.h"

#include <algorithm>
#include <charconv>

#include "domain/media.h"
#include "domain/products.h"

namespace mamon::http::web {
namespace {

// 250 steps of liters -> "0.25"; 25 grams -> "25".
std::string units_text(std::int64_t steps, domain::StockUnit unit) {
  const std::int64_t per_unit = domain::steps_per_unit(unit);
  std::string text = std::to_string(steps / per_unit);
  std::int64_t rest = steps % per_unit;
  if (rest == 0) return text;
  std::string fraction = std::to_string(rest + per_unit).substr(1);  // leading zeros kept
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  return text + "." + fraction;
}

// A decimal as the page's language writes it in a form field: "2,50" in Dutch, "2.50" in English
// (the service reads either).
std::string decimal_text(const Page& page, std::string text) {
  if (page.language == Language::kNl) std::replace(text.begin(), text.end(), '.', ',');
  return text;
}

std::vector<service::CategoryDetail> categories_or_none(Page& page) {
  Result<std::vector<service::CategoryDetail>> categories =
      service::list_categories_to_manage(page.site.database, page.caller());
  if (!categories.ok()) return {};
  return std::move(*categories);
}

// The stock items for the select, or none when the caller may not read the stock.
std::vector<domain::StockItem> stock_items_or_none(Page& page) {
  Result<std::vector<domain::StockItem>> items =
      service::list_stock(page.site.database, page.caller());
  if (!items.ok()) return {};
  return std::move(*items);
}

std::string error_of(const ProductFormView& form, std::string_view field) {
  for (const FormFieldError& e : form.errors) {
    if (e.field == field) return e.text;
  }
  return "";
}

nlohmann::json error_json(const std::string& text) {
  return text.empty() ? nlohmann::json(false) : nlohmann::json(text);
}

nlohmann::json history_view(const Page& page, const service::ProductDetail& detail) {
  nlohmann::json rows = nlohmann::json::array();
  for (auto it = detail.prices.rbegin(); it != detail.prices.rend(); ++it) {  // newest first
    rows.push_back({{"price", page.money(it->price)},
                    {"from", it->valid_from_us ? page.date_time(*it->valid_from_us)
                                               : page.text("manage_products.history_imported")},
                    {"by", it->changed_by_username},
                    {"current", it == detail.prices.rbegin()}});
  }
  return rows;
}

}  // namespace

std::string product_image_url(std::string_view image_path) {
  return domain::media_url("", image_path, domain::MediaKind::kProduct);
}

Result<ProductFormView> blank_product_form(Page& page) {
  ProductFormView form;
  MAMON_TRY(form.categories, service::list_categories_to_manage(page.site.database, page.caller()));
  form.image_url = product_image_url("");
  form.stock_items = stock_items_or_none(page);
  return form;
}

Result<ProductFormView> product_form_of(Page& page, const service::ProductDetail& detail) {
  const domain::Product& p = detail.product;
  ProductFormView form;
  form.name = p.name;
  form.price = decimal_text(page, p.price.to_string());
  form.color = p.color;
  std::transform(form.color.begin(), form.color.end(), form.color.begin(),
                 [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; });
  form.active = p.active;
  const domain::StockUnit unit = p.stock_unit.value_or(domain::StockUnit::kUnits);
  form.units = decimal_text(page, units_text(p.units_per_sale, unit));
  form.unit = std::string(domain::stock_unit_name(unit));
  form.ledger_account = p.grootboek_waarde.value_or("");
  form.category_ids = detail.category_ids;
  form.stock_item = p.master_stock_id ? std::to_string(*p.master_stock_id) : "";
  form.stock_items = stock_items_or_none(page);
  form.image_url = product_image_url(p.image);
  MAMON_TRY(form.categories, service::list_categories_to_manage(page.site.database, page.caller()));
  return form;
}

ProductFormView posted_product_form(Page& page) {
  ProductFormView form;
  auto field = [&](std::string_view name) { return std::string(page.form.get(name).value_or("")); };
  form.name = field("name");
  form.price = field("price");
  form.color = field("color");
  form.active = page.form.get("active").has_value();
  form.units = field("units");
  form.ledger_account = field("ledger_account");
  form.stock_item_sent = page.form.get("stock_item").has_value();
  form.stock_item = field("stock_item");
  form.stock_items = stock_items_or_none(page);
  for (const auto& [key, value] : page.form.entries()) {
    if (key != "categories") continue;
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), id);
    if (ec == std::errc() && end == value.data() + value.size()) {
      form.category_ids.push_back(id);
    } else {
      form.category_ids.push_back(-1);  // the service refuses it as an unknown category
    }
  }
  form.image_url = product_image_url("");
  form.categories = categories_or_none(page);
  return form;
}

service::ProductInput product_input_of(const ProductFormView& form) {
  service::ProductInput input;
  input.name = form.name;
  input.price = form.price;
  input.color = form.color;
  input.active = form.active;
  input.units = form.units;
  input.ledger_account = form.ledger_account;
  input.category_ids = form.category_ids;
  if (form.stock_item_sent) input.stock_item = form.stock_item;
  return input;
}

Response render_product_form(Page& page, const ProductFormView& form,
                             const std::optional<service::ProductDetail>& detail, int status) {
  nlohmann::json categories = nlohmann::json::array();
  for (const service::CategoryDetail& c : form.categories) {
    const bool checked = std::find(form.category_ids.begin(), form.category_ids.end(),
                                   c.category.id) != form.category_ids.end();
    categories.push_back({{"id", c.category.id}, {"name", c.category.name}, {"checked", checked}});
  }
  nlohmann::json stock_items = nlohmann::json::array();
  for (const domain::StockItem& s : form.stock_items) {
    stock_items.push_back(
        {{"value", std::to_string(s.id)},
         {"label",
          s.name + " (" +
              page.text("manage_stock.unit." + std::string(domain::stock_unit_name(s.unit))) + ")"},
         {"selected", form.stock_item == std::to_string(s.id)}});
  }
  nlohmann::json view = {
      {"is_new", !detail.has_value()},
      {"has_stock_items", !stock_items.empty()},
      {"stock_items", stock_items},
      {"no_stock_item", form.stock_item.empty()},
      {"stock_item_error", error_json(error_of(form, "stock_item"))},
      {"action", detail ? "/manage/products/" + std::to_string(detail->product.id) + "/"
                        : std::string("/manage/products/new/")},
      {"name", form.name},
      {"name_error", error_json(error_of(form, "name"))},
      {"price", form.price},
      {"price_error", error_json(error_of(form, "price"))},
      {"color", form.color},
      {"color_error", error_json(error_of(form, "color"))},
      {"active", form.active},
      {"units", form.units},
      {"units_help", page.format("manage_products.units_help",
                                 {{"unit", page.text("manage_products.unit." + form.unit)}})},
      {"units_error", error_json(error_of(form, "units"))},
      {"ledger_account", form.ledger_account},
      {"ledger_account_error", error_json(error_of(form, "ledger_account"))},
      {"categories", categories},
      {"has_categories", !categories.empty()},
      {"categories_error", error_json(error_of(form, "categories"))},
      {"image_url", form.image_url},
      {"image_error", error_json(error_of(form, "image"))},
      {"history", detail ? history_view(page, *detail) : nlohmann::json::array()},
      {"sales_href",
       detail ? "/board/products/" + std::to_string(detail->product.id) + "/" : std::string()}};
  if (!form.errors.empty()) {
    nlohmann::json items = nlohmann::json::array();
    for (const FormFieldError& e : form.errors) {
      items.push_back({{"text", e.text}, {"href", "#field-" + e.field}});
    }
    view["errors"] = {{"title", page.text("form.error_summary")}, {"items", items}};
  }
  if (detail) {
    return render_page_titled(
        page, "manage_product",
        page.format("manage_products.edit_title", {{"name", detail->product.name}}),
        std::move(view), status);
  }
  return render_page(page, "manage_product", "manage_products.new_title", std::move(view), status);
}

std::string_view image_refusal_key(service::ImageRefusal refusal) {
  switch (refusal) {
    case service::ImageRefusal::kEmpty:
      return "manage_products.error.image_empty";
    case service::ImageRefusal::kTooLarge:
      return "manage_products.error.image_too_large";
    case service::ImageRefusal::kSvg:
      return "manage_products.error.image_svg";
    case service::ImageRefusal::kNotAnImage:
      break;
  }
  return "manage_products.error.image_type";
}

std::string product_error_text(const Page& page, const Error& error) {
  if (error.code == ErrorCode::kConflict) return page.text("manage_products.error.name_taken");
  return page.text("manage_products.error." + error.field);
}

}  // namespace mamon::http::web
