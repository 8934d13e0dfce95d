// The board's category pages (issue 9, item 4; WEB.md §2b), all needing manage_products (the
// service decides):
//   GET  /manage/categories/                    every category in the tablet's order, with
//                                               up/down buttons: POST /manage/categories/{id}/move/
//                                               (direction=up|down)
//   GET  /manage/categories/new/                the create form; POST saves
//   GET  /manage/categories/{id}/               name, description and the category's products in
//                                               their order; POST saves the name and description;
//                                               POST /manage/categories/{id}/move_product/
//                                               (product=<id>, direction=up|down)
#include <charconv>
#include <string>

#include "http/web/manage_tabs.h"
#include "http/web/page.h"
#include "http/web/pages.h"
#include "service/manage_products_service.h"

namespace mamon::http::web {
namespace {

std::string category_path(std::int64_t id) {
  return "/manage/categories/" + std::to_string(id) + "/";
}

Result<service::MoveDirection> direction_of(const Page& page) {
  const std::string_view direction = page.form.get("direction").value_or("");
  if (direction == "up") return service::MoveDirection::kUp;
  if (direction == "down") return service::MoveDirection::kDown;
  return make_error(ErrorCode::kInvalidInput, "direction must be up or down", "direction");
}

Result<Response> show_list(Page& page) {
  MAMON_TRY(std::vector<service::CategoryDetail> categories,
            service::list_categories_to_manage(page.site.database, page.caller()));
  nlohmann::json rows = nlohmann::json::array();
  for (std::size_t i = 0; i < categories.size(); ++i) {
    const service::CategoryDetail& c = categories[i];
    rows.push_back({{"name", c.category.name},
                    {"href", category_path(c.category.id)},
                    {"move", category_path(c.category.id) + "move/"},
                    {"products", std::to_string(c.products.size())},
                    {"first", i == 0},
                    {"last", i + 1 == categories.size()}});
  }
  nlohmann::json view = {{"manage_tabs", manage_tabs_view(page)},
                         {"rows", rows},
                         {"has_rows", !rows.empty()},
                         {"empty", rows.empty()}};
  return render_page(page, "manage_categories", "manage_categories.title", std::move(view));
}

Response render_form(Page& page, const service::CategoryInput& input,
                     const std::optional<service::CategoryDetail>& detail, const Error* error,
                     int status) {
  auto error_for = [&](std::string_view field) -> nlohmann::json {
    if (error == nullptr || error->field != field) return false;
    return page.text("manage_categories.error." + std::string(field));
  };
  nlohmann::json products = nlohmann::json::array();
  if (detail) {
    for (std::size_t i = 0; i < detail->products.size(); ++i) {
      const domain::Product& p = detail->products[i];
      products.push_back({{"id", p.id},
                          {"name", p.name},
                          {"href", "/manage/products/" + std::to_string(p.id) + "/"},
                          {"active", p.active},
                          {"first", i == 0},
                          {"last", i + 1 == detail->products.size()}});
    }
  }
  nlohmann::json view = {
      {"is_new", !detail.has_value()},
      {"action", detail ? category_path(detail->category.id) : "/manage/categories/new/"},
      {"move_product", detail ? category_path(detail->category.id) + "move_product/" : ""},
      {"name", input.name},
      {"name_error", error_for("name")},
      {"description", input.description},
      {"description_error", error_for("description")},
      {"products", products},
      {"has_products", !products.empty()}};
  if (error != nullptr) {
    view["errors"] = {{"title", page.text("form.error_summary")},
                      {"items",
                       {{{"text", page.text("manage_categories.error." + error->field)},
                         {"href", "#field-" + error->field}}}}};
  }
  if (detail) {
    return render_page_titled(
        page, "manage_category",
        page.format("manage_categories.edit_title", {{"name", detail->category.name}}),
        std::move(view), status);
  }
  return render_page(page, "manage_category", "manage_categories.new_title", std::move(view),
                     status);
}

service::CategoryInput posted_input(const Page& page) {
  return {std::string(page.form.get("name").value_or("")),
          std::string(page.form.get("description").value_or(""))};
}

// A field error of the form re-renders it; anything else is the error page.
Result<Response> form_error(Page& page, const service::CategoryInput& input,
                            const std::optional<service::CategoryDetail>& detail, Error error) {
  if (error.code != ErrorCode::kInvalidInput ||
      (error.field != "name" && error.field != "description")) {
    return error;
  }
  return render_form(page, input, detail, &error, 422);
}

Result<Response> show_new(Page& page) {
  MAMON_RETURN_IF_ERROR(service::list_categories_to_manage(page.site.database, page.caller()));
  return render_form(page, {}, std::nullopt, nullptr, 200);
}

Result<Response> post_new(Page& page) {
  const service::CategoryInput input = posted_input(page);
  Result<std::int64_t> id =
      service::create_category(page.site.database, page.site.clock, page.caller(), input);
  if (!id.ok()) return form_error(page, input, std::nullopt, std::move(id).error());
  set_flash(page, "flash.category_saved");
  return redirect(category_path(*id));
}

Result<Response> show_edit(Page& page) {
  MAMON_TRY(service::CategoryDetail detail,
            service::get_category_to_manage(page.site.database, page.caller(),
                                            page.request.path_int("id")));
  const service::CategoryInput input{detail.category.name, detail.category.description};
  return render_form(page, input, detail, nullptr, 200);
}

Result<Response> post_edit(Page& page) {
  const std::int64_t id = page.request.path_int("id");
  MAMON_TRY(service::CategoryDetail detail,
            service::get_category_to_manage(page.site.database, page.caller(), id));
  const service::CategoryInput input = posted_input(page);
  Status saved = service::update_category_details(page.site.database, page.site.clock,
                                                  page.caller(), id, input);
  if (!saved.ok()) return form_error(page, input, detail, std::move(saved).error());
  set_flash(page, "flash.category_saved");
  return redirect(category_path(id));
}

Result<Response> post_move(Page& page) {
  MAMON_TRY(service::MoveDirection direction, direction_of(page));
  MAMON_RETURN_IF_ERROR(service::move_category(page.site.database, page.site.clock, page.caller(),
                                               page.request.path_int("id"), direction));
  return redirect("/manage/categories/");
}

Result<Response> post_move_product(Page& page) {
  const std::int64_t id = page.request.path_int("id");
  MAMON_TRY(service::MoveDirection direction, direction_of(page));
  const std::string_view text = page.form.get("product").value_or("");
  std::int64_t product_id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), product_id);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return make_error(ErrorCode::kInvalidInput, "product must be a product id", "product");
  }
  MAMON_RETURN_IF_ERROR(service::move_product_in_category(
      page.site.database, page.site.clock, page.caller(), id, product_id, direction));
  return redirect(category_path(id));
}

}  // namespace

void register_manage_categories_routes(Router& router, const WebSite& site) {
  add_page(router, site, Method::kGet, "/manage/categories", show_list);
  add_page(router, site, Method::kGet, "/manage/categories/new", show_new);
  add_page(router, site, Method::kPost, "/manage/categories/new", post_new);
  add_page(router, site, Method::kGet, "/manage/categories/{id}", show_edit);
  add_page(router, site, Method::kPost, "/manage/categories/{id}", post_edit);
  add_page(router, site, Method::kPost, "/manage/categories/{id}/move", post_move);
  add_page(router, site, Method::kPost, "/manage/categories/{id}/move_product", post_move_product);
}

}  // namespace mamon::http::web
