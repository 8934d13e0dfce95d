// The product form of /manage/products/ (manage_products_page.cc): what it shows, how a post
// is read back into service::ProductInput, and the texts of its field errors. View models only:
// every rule is the service's (service/manage_products_service.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "http/web/page.h"
#include "service/manage_products_service.h"
#include "service/media_uploads.h"
#include "service/stock_service.h"

namespace mamon::http::web {

struct FormFieldError {
  std::string field;  // the input's name: "name", "price", "image", ...
  std::string text;   // translated
};

// The form's values as shown (typed text is kept as typed).
struct ProductFormView {
  std::string name;
  std::string price;
  std::string color = "#ffffff";
  bool active = true;
  std::string units = "1";
  std::string unit = "units";  // the stock unit's name (domain::stock_unit_name)
  std::string ledger_account;
  std::vector<std::int64_t> category_ids;
  // The stock item it draws from: "" none, else its id; sent tells whether a post had the field
  // (it is shown only to who may read the stock; a post without it keeps the link).
  std::string stock_item;
  bool stock_item_sent = false;
  std::vector<domain::StockItem> stock_items;       // the select's choices; empty: no select
  std::string image_url;                            // the current picture (/media/…)
  std::vector<service::CategoryDetail> categories;  // every category, for the checkboxes
  std::vector<FormFieldError> errors;
};

// The /media/… address of a stored picture path ("" → the default product picture).
std::string product_image_url(std::string_view image_path);

// An empty form (for /manage/products/new/); reads the categories.
Result<ProductFormView> blank_product_form(Page& page);
// The form filled with `detail`'s product.
Result<ProductFormView> product_form_of(Page& page, const service::ProductDetail& detail);
// The posted form (page.form) as typed; the categories are read again. Never fails: a
// database error reading the categories leaves them empty.
ProductFormView posted_product_form(Page& page);
// What the service gets from a posted form (image left unset).
service::ProductInput product_input_of(const ProductFormView& form);

// The form page: status 200, or 422 with the errors beside their fields. `detail`: the edited
// product (price history, sales link), none for a new product.
Response render_product_form(Page& page, const ProductFormView& form,
                             const std::optional<service::ProductDetail>& detail, int status);

// The catalogue key of a picture's refusal ("manage_products.error.image_svg", ...).
std::string_view image_refusal_key(service::ImageRefusal refusal);
// The text of a service field error (kInvalidInput / kConflict with a field).
std::string product_error_text(const Page& page, const Error& error);

}  // namespace mamon::http::web
