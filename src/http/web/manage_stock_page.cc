// The board's stock pages (issue 10 item 2; WEB.md §2b), all needing manage_stock (Bestuur, a
// superuser; management pages answer Kascommissie 403, WEB.md §3):
//   GET  /manage/stock/                  every stock item with its quantity in its unit
//   GET  /manage/stock/new/              the create form; POST saves
//   GET  /manage/stock/{id}/             name, unit and description (POST saves), the products
//                                        that draw from it, its newest mutations and a form to
//                                        add one: POST /manage/stock/{id}/mutations/
//   POST /manage/stock/flow-meters/{meter}/  a flow meter's stock item and scale (the list's
//                                        "Flow meters" section; service/flow_meters_service.h)
#include <algorithm>
#include <string>

#include "http/web/manage_stock_views.h"
#include "http/web/manage_tabs.h"
#include "http/web/page.h"
#include "http/web/pages.h"
#include "service/stock_service.h"

namespace mamon::http::web {
namespace {

constexpr std::int64_t kMutationsShown = 100;

std::string stock_path(std::int64_t id) {
  return "/manage/stock/" + std::to_string(id) + "/";
}

// The exact decimal text of a quantity with the page language's decimal mark ("12,5" in Dutch).
std::string decimal_text(const Page& page, std::int64_t steps, domain::StockUnit unit) {
  std::string text = domain::format_stock_quantity(steps, unit);
  if (page.language == Language::kNl) std::replace(text.begin(), text.end(), '.', ',');
  return text;
}

// "12,5 liter": the quantity in its unit, with the unit's name in the page's language.
std::string quantity_text(const Page& page, std::int64_t steps, domain::StockUnit unit) {
  return decimal_text(page, steps, unit) + " " +
         page.text("manage_stock.unit." + std::string(domain::stock_unit_name(unit)));
}

nlohmann::json unit_choices(const Page& page, std::string_view selected) {
  nlohmann::json out = nlohmann::json::array();
  for (std::string_view name : domain::kStockUnitNames) {
    out.push_back({{"value", std::string(name)},
                   {"label", page.text("manage_stock.unit." + std::string(name))},
                   {"selected", name == selected}});
  }
  return out;
}

// The catalogue key of a form error: its field, or "name_taken" for a duplicate name.
std::string error_key(const Error& error) {
  return error.code == ErrorCode::kConflict ? "manage_stock.error.name_taken"
                                            : "manage_stock.error." + error.field;
}

nlohmann::json error_summary(const Page& page, const Error& error) {
  return {{"title", page.text("form.error_summary")},
          {"items", {{{"text", page.text(error_key(error))}, {"href", "#field-" + error.field}}}}};
}

// The list with the flow-meter forms; `posted` and `error` re-show one meter's form.
Result<Response> render_list(Page& page, const PostedFlowMeter* posted, const Error* error,
                             int status) {
  MAMON_RETURN_IF_ERROR(service::may_manage_stock(page.caller()));
  MAMON_TRY(std::vector<domain::StockItem> items,
            service::list_stock(page.site.database, page.caller()));
  MAMON_TRY(std::vector<service::FlowMeter> meters,
            service::list_flow_meters(page.site.database, page.caller()));
  nlohmann::json rows = nlohmann::json::array();
  for (const domain::StockItem& item : items) {
    rows.push_back({{"name", item.name},
                    {"href", stock_path(item.id)},
                    {"quantity", quantity_text(page, item.quantity, item.unit)},
                    {"negative", item.quantity < 0},
                    {"description", item.description}});
  }
  nlohmann::json view = {{"rows", rows}, {"has_rows", !rows.empty()}, {"empty", rows.empty()}};
  view["manage_tabs"] = manage_tabs_view(page);
  view["flow_meters"] = flow_meters_view(page, items, meters, posted, error);
  if (error != nullptr) view["errors"] = flow_meter_error_summary(page, *posted, *error);
  return render_page(page, "manage_stock", "manage_stock.title", std::move(view), status);
}

Result<Response> show_list(Page& page) {
  return render_list(page, nullptr, nullptr, 200);
}

// POST /manage/stock/flow-meters/{meter}/: a field error shows the list again (422) with the
// form as typed; anything else is the error page.
Result<Response> post_flow_meter(Page& page) {
  PostedFlowMeter posted{page.request.path_int("meter"),
                         {std::string(page.form.get("stock_item_id").value_or("")),
                          std::string(page.form.get("readings_per_litre").value_or(""))}};
  Status saved = service::set_flow_meter(page.site.database, page.site.clock, page.caller(),
                                         posted.meter, posted.input);
  if (!saved.ok()) {
    const Error& error = saved.error();
    if (is_flow_meter_field(error)) return render_list(page, &posted, &error, 422);
    return std::move(saved).error();
  }
  set_flash(page, "flash.flow_meter_saved");
  return redirect("/manage/stock/");
}

// The fields of both forms as typed, so a re-rendered form keeps them.
struct StockForms {
  service::StockItemInput item;
  service::StockMutationInput mutation{"delivery", "", "", std::nullopt};
  std::string cost;  // as typed
};

Response render_detail(Page& page, const StockForms& forms,
                       const std::optional<service::StockDetail>& detail, const Error* error,
                       int status) {
  auto error_for = [&](std::string_view field) -> nlohmann::json {
    if (error == nullptr || error->field != field) return false;
    return page.text(error_key(*error));
  };
  nlohmann::json view = {{"is_new", !detail.has_value()},
                         {"action", detail ? stock_path(detail->item.id) : "/manage/stock/new/"},
                         {"name", forms.item.name},
                         {"name_error", error_for("name")},
                         {"units", unit_choices(page, forms.item.unit)},
                         {"unit_error", error_for("unit")},
                         {"description", forms.item.description},
                         {"description_error", error_for("description")}};
  if (error != nullptr) view["errors"] = error_summary(page, *error);
  if (!detail) {
    return render_page(page, "manage_stock_item", "manage_stock.new_title", std::move(view),
                       status);
  }
  const domain::StockItem& item = detail->item;
  view["quantity"] = quantity_text(page, item.quantity, item.unit);
  view["unit_name"] =
      page.text("manage_stock.unit." + std::string(domain::stock_unit_name(item.unit)));
  view["mutation_action"] = stock_path(item.id) + "mutations/";
  nlohmann::json kinds = nlohmann::json::array();
  for (std::string_view kind : {"delivery", "count", "loss"}) {
    kinds.push_back({{"value", std::string(kind)},
                     {"label", page.text("manage_stock.kind." + std::string(kind))},
                     {"selected", forms.mutation.kind == kind}});
  }
  view["kinds"] = kinds;
  view["kind_error"] = error_for("kind");
  view["quantity_value"] = forms.mutation.quantity;
  view["quantity_error"] = error_for("quantity");
  view["reason"] = forms.mutation.reason;
  view["reason_error"] = error_for("reason");
  view["cost"] = forms.cost;
  view["cost_error"] = error_for("cost");
  nlohmann::json products = nlohmann::json::array();
  for (const storage::StockProductRow& p : detail->products) {
    products.push_back({{"name", p.name},
                        {"href", "/manage/products/" + std::to_string(p.product_id) + "/"},
                        {"units", quantity_text(page, p.units_per_sale, item.unit)},
                        {"active", p.active}});
  }
  view["products"] = products;
  view["has_products"] = !products.empty();
  nlohmann::json mutations = nlohmann::json::array();
  for (const domain::StockMutation& m : detail->mutations.items) {
    const std::string kind(domain::stock_mutation_kind_name(m.kind));
    mutations.push_back(
        {{"date", page.date_time(m.created_at_us)},
         {"kind", page.text("manage_stock.kind." + kind)},
         {"change",
          (m.quantity_delta > 0 ? "+" : "") + decimal_text(page, m.quantity_delta, item.unit)},
         {"reason", m.reason},
         {"cost", m.cost_cents ? page.money(Cents(*m.cost_cents)) : ""},
         {"has_purchase", m.purchase_id.has_value()},
         {"purchase_href",
          m.purchase_id ? "/board/purchases/" + std::to_string(*m.purchase_id) + "/" : ""},
         {"purchase_id", m.purchase_id.value_or(0)},
         {"imported", m.imported}});
  }
  view["mutations"] = mutations;
  view["has_mutations"] = !mutations.empty();
  view["has_mutations_note"] = detail->mutations.total > kMutationsShown;
  view["mutations_note"] = detail->mutations.total > kMutationsShown
                               ? page.format("manage_stock.mutations_shown",
                                             {{"shown", std::to_string(kMutationsShown)},
                                              {"total", std::to_string(detail->mutations.total)}})
                               : "";
  return render_page_titled(page, "manage_stock_item",
                            page.format("manage_stock.edit_title", {{"name", item.name}}),
                            std::move(view), status);
}

bool is_form_field(const Error& error) {
  static constexpr std::string_view kFields[] = {"name",     "unit",   "description", "kind",
                                                 "quantity", "reason", "cost"};
  return error.code == ErrorCode::kInvalidInput &&
         std::find(std::begin(kFields), std::end(kFields), error.field) != std::end(kFields);
}

// A field error re-renders the form (422); a taken name too; anything else is the error page.
Result<Response> form_error(Page& page, const StockForms& forms,
                            const std::optional<service::StockDetail>& detail, Error error) {
  if (error.code == ErrorCode::kConflict && error.field == "name") {
    return render_detail(page, forms, detail, &error, 422);
  }
  if (!is_form_field(error)) return error;
  return render_detail(page, forms, detail, &error, 422);
}

service::StockItemInput posted_item(const Page& page) {
  return {std::string(page.form.get("name").value_or("")),
          std::string(page.form.get("unit").value_or("")),
          std::string(page.form.get("description").value_or(""))};
}

Result<service::StockDetail> detail_of(Page& page) {
  return service::get_stock(page.site.database, page.caller(), page.request.path_int("id"),
                            {1, kMutationsShown});
}

Result<Response> show_new(Page& page) {
  MAMON_RETURN_IF_ERROR(service::may_manage_stock(page.caller()));
  StockForms forms;
  return render_detail(page, forms, std::nullopt, nullptr, 200);
}

Result<Response> post_new(Page& page) {
  StockForms forms;
  forms.item = posted_item(page);
  Result<std::int64_t> id =
      service::create_stock_item(page.site.database, page.site.clock, page.caller(), forms.item);
  if (!id.ok()) return form_error(page, forms, std::nullopt, std::move(id).error());
  set_flash(page, "flash.stock_saved");
  return redirect(stock_path(*id));
}

Result<Response> show_edit(Page& page) {
  MAMON_RETURN_IF_ERROR(service::may_manage_stock(page.caller()));
  MAMON_TRY(service::StockDetail detail, detail_of(page));
  StockForms forms;
  forms.item = {detail.item.name, std::string(domain::stock_unit_name(detail.item.unit)),
                detail.item.description};
  return render_detail(page, forms, detail, nullptr, 200);
}

Result<Response> post_edit(Page& page) {
  MAMON_RETURN_IF_ERROR(service::may_manage_stock(page.caller()));
  MAMON_TRY(service::StockDetail detail, detail_of(page));
  StockForms forms;
  forms.item = posted_item(page);
  Status saved = service::update_stock_item(page.site.database, page.site.clock, page.caller(),
                                            detail.item.id, forms.item);
  if (!saved.ok()) return form_error(page, forms, detail, std::move(saved).error());
  set_flash(page, "flash.stock_saved");
  return redirect(stock_path(detail.item.id));
}

// "12,50", "€ 3" or "" (no cost) -> cents; kInvalidInput "cost" otherwise.
Result<std::optional<std::int64_t>> posted_cost(std::string text) {
  constexpr std::string_view kEuro = "\xE2\x82\xAC";
  if (auto at = text.find(kEuro); at != std::string::npos) text.erase(at, kEuro.size());
  std::erase(text, ' ');
  std::replace(text.begin(), text.end(), ',', '.');
  if (text.empty()) return std::optional<std::int64_t>();
  Result<Cents> cents = Cents::parse(text);
  if (!cents.ok()) return make_error(ErrorCode::kInvalidInput, "not an amount", "cost");
  return std::optional<std::int64_t>(cents->value());
}

Result<Response> post_mutation(Page& page) {
  MAMON_RETURN_IF_ERROR(service::may_manage_stock(page.caller()));
  MAMON_TRY(service::StockDetail detail, detail_of(page));
  StockForms forms;
  forms.item = {detail.item.name, std::string(domain::stock_unit_name(detail.item.unit)),
                detail.item.description};
  forms.mutation.kind = std::string(page.form.get("kind").value_or(""));
  forms.mutation.quantity = std::string(page.form.get("quantity").value_or(""));
  forms.mutation.reason = std::string(page.form.get("reason").value_or(""));
  forms.cost = std::string(page.form.get("cost").value_or(""));
  Result<std::optional<std::int64_t>> cost = posted_cost(forms.cost);
  if (!cost.ok()) return form_error(page, forms, detail, std::move(cost).error());
  forms.mutation.cost_cents = *cost;
  Result<service::AddedStockMutation> added = service::add_stock_mutation(
      page.site.database, page.site.clock, page.caller(), detail.item.id, forms.mutation);
  if (!added.ok()) return form_error(page, forms, detail, std::move(added).error());
  set_flash(page, "flash.stock_mutation_saved");
  return redirect(stock_path(detail.item.id));
}

}  // namespace

void register_manage_stock_routes(Router& router, const WebSite& site) {
  add_page(router, site, Method::kGet, "/manage/stock", show_list);
  add_page(router, site, Method::kGet, "/manage/stock/new", show_new);
  add_page(router, site, Method::kPost, "/manage/stock/new", post_new);
  add_page(router, site, Method::kGet, "/manage/stock/{id}", show_edit);
  add_page(router, site, Method::kPost, "/manage/stock/{id}", post_edit);
  add_page(router, site, Method::kPost, "/manage/stock/{id}/mutations", post_mutation);
  add_page(router, site, Method::kPost, "/manage/stock/flow-meters/{meter}", post_flow_meter);
}

}  // namespace mamon::http::web
