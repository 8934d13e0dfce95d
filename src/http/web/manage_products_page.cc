// The board's product pages (issue 9, item 4; WEB.md §2b), all needing manage_products (the
// service decides; Kascommissie and everybody else get the 403 page):
//   GET  /manage/products/?active=0      the list, active products (default) or inactive ones
//   GET  /manage/products/new/           the create form;  POST saves and goes to the product
//   GET  /manage/products/{id}/          the edit form with the price history and a link to the
//                                        product's sales; POST saves
// The forms are multipart/form-data (a picture may come along, service::store_image); a field
// error re-renders the form with the input kept and the message next to the field.
#include <string>

#include "domain/media.h"
#include "http/web/manage_products_views.h"
#include "http/web/manage_tabs.h"
#include "http/web/page.h"
#include "http/web/pages.h"
#include "service/manage_products_service.h"
#include "service/media_uploads.h"

namespace mamon::http::web {
namespace {

Result<Response> show_list(Page& page) {
  const bool inactive = page.request.query.get("active").value_or("1") == "0";
  MAMON_TRY(std::vector<domain::Product> products,
            service::list_products_to_manage(
                page.site.database, page.caller(),
                inactive ? service::ProductFilter::kInactive : service::ProductFilter::kActive));
  nlohmann::json rows = nlohmann::json::array();
  for (const domain::Product& p : products) {
    rows.push_back({{"name", p.name},
                    {"href", "/manage/products/" + std::to_string(p.id) + "/"},
                    {"sales_href", "/board/products/" + std::to_string(p.id) + "/"},
                    {"price", page.money(p.price)},
                    {"color", p.color},
                    {"image", product_image_url(p.image)},
                    {"ledger_account", p.grootboek_waarde.value_or("")}});
  }
  nlohmann::json view = {{"manage_tabs", manage_tabs_view(page)},
                         {"rows", rows},
                         {"has_rows", !rows.empty()},
                         {"empty", rows.empty()},
                         {"filters",
                          {{{"href", "/manage/products/"},
                            {"label", page.text("manage_products.filter_active")},
                            {"current", !inactive}},
                           {{"href", "/manage/products/?active=0"},
                            {"label", page.text("manage_products.filter_inactive")},
                            {"current", inactive}}}}};
  return render_page(page, "manage_products", "manage_products.title", std::move(view));
}

Result<Response> show_new(Page& page) {
  MAMON_TRY(ProductFormView form, blank_product_form(page));
  return render_product_form(page, form, std::nullopt, 200);
}

Result<Response> show_edit(Page& page) {
  const std::int64_t id = page.request.path_int("id");
  MAMON_TRY(service::ProductDetail detail,
            service::get_product_to_manage(page.site.database, page.caller(), id));
  MAMON_TRY(ProductFormView form, product_form_of(page, detail));
  return render_product_form(page, form, detail, 200);
}

// The picture of the form, if one was chosen: stored, or the field error why not.
Result<std::optional<std::string>> stored_picture(Page& page, ProductFormView& form) {
  for (const MultipartFile& file : page.files) {
    if (file.field != "image" || (file.bytes.empty() && file.filename.empty())) continue;
    if (!is_plain_filename(file.filename)) {
      form.errors.push_back({"image", page.text("manage_products.error.image_path")});
      return std::optional<std::string>();
    }
    if (std::optional<service::ImageRefusal> refusal = service::image_refusal(file.bytes)) {
      form.errors.push_back({"image", page.text(image_refusal_key(*refusal))});
      return std::optional<std::string>();
    }
    MAMON_TRY(std::string path, service::store_image(page.site.config.media_root, file.bytes,
                                                     domain::MediaKind::kProduct));
    return std::optional<std::string>(std::move(path));
  }
  return std::optional<std::string>();
}

// Saves the posted form through `save`; re-renders it (422) on a field error.
template <typename Save>
Result<Response> post_form(Page& page, std::optional<service::ProductDetail> detail, Save save) {
  // Refused before the picture is stored: only the board may put files under MEDIA_ROOT.
  MAMON_RETURN_IF_ERROR(service::may_manage_products(page.caller()));
  ProductFormView form = posted_product_form(page);
  if (detail) form.image_url = product_image_url(detail->product.image);
  MAMON_TRY(std::optional<std::string> image, stored_picture(page, form));
  if (!form.errors.empty()) return render_product_form(page, form, detail, 422);
  service::ProductInput input = product_input_of(form);
  input.image = std::move(image);
  Result<std::int64_t> saved = save(input);
  if (saved.ok()) {
    set_flash(page, "flash.product_saved");
    return redirect("/manage/products/" + std::to_string(*saved) + "/");
  }
  const Error& error = saved.error();
  if (error.code != ErrorCode::kInvalidInput && error.code != ErrorCode::kConflict) return error;
  if (error.field.empty()) return error;
  form.errors.push_back({error.field, product_error_text(page, error)});
  return render_product_form(page, form, detail, 422);
}

Result<Response> post_new(Page& page) {
  return post_form(page, std::nullopt, [&](const service::ProductInput& input) {
    return service::create_product(page.site.database, page.site.clock, page.caller(), input);
  });
}

Result<Response> post_edit(Page& page) {
  const std::int64_t id = page.request.path_int("id");
  MAMON_TRY(service::ProductDetail detail,
            service::get_product_to_manage(page.site.database, page.caller(), id));
  return post_form(page, detail, [&](const service::ProductInput& input) -> Result<std::int64_t> {
    MAMON_RETURN_IF_ERROR(service::update_product_details(page.site.database, page.site.clock,
                                                          page.caller(), id, input));
    return id;
  });
}

}  // namespace

void register_manage_products_routes(Router& router, const WebSite& site) {
  const PageOptions uploads{.uploads = true};
  add_page(router, site, Method::kGet, "/manage/products", show_list);
  add_page(router, site, Method::kGet, "/manage/products/new", show_new);
  add_page(router, site, Method::kPost, "/manage/products/new", post_new, uploads);
  add_page(router, site, Method::kGet, "/manage/products/{id}", show_edit);
  add_page(router, site, Method::kPost, "/manage/products/{id}", post_edit, uploads);
}

}  // namespace mamon::http::web
