// GET /board/purchases/ (the board's purchases: range, method, seller, buyer, product and bar
// cycle filters, the count and sum of the whole filtered set, ?format=csv|xlsx of exactly those
// rows) and GET /board/purchases/{id}/ (one purchase with its lines). WEB.md §2 "Purchases".
// The data and the permission check: purchases_service.h list_board_purchases /
// export_board_purchases, board_details_service.h get_board_purchase / board_holder_names.
#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "http/web/board_list_support.h"
#include "http/web/page.h"
#include "http/web/pages.h"
#include "http/web/report_kit.h"
#include "service/board_details_service.h"
#include "service/products_service.h"
#include "service/purchases_service.h"
#include "service/void_service.h"

namespace mamon::http::web {
namespace {

using domain::PaymentMethod;

constexpr std::string_view kListPath = "/board/purchases/";

struct Filters {
  ListDateRange range;
  std::string method_text;  // as sent
  std::optional<PaymentMethod> method;
  std::optional<std::int64_t> seller, buyer, product, cycle;
  std::int64_t page = 1;
  ExportFormat format = ExportFormat::kNone;
  FieldErrors errors;
};

Filters parse_filters(const Page& page) {
  Filters f;
  f.range = parse_date_range_filter(page, f.errors);
  f.method_text = std::string(page.request.query.get("method").value_or(""));
  if (!f.method_text.empty()) {
    Result<PaymentMethod> method = domain::parse_payment_method(f.method_text);
    if (method.ok()) {
      f.method = *method;
    } else {
      f.errors["method"] = page.text("board_purchases.bad_method");
    }
  }
  f.seller = parse_id_param(page, "seller", f.errors);
  f.buyer = parse_id_param(page, "buyer", f.errors);
  f.product = parse_id_param(page, "product", f.errors);
  f.cycle = parse_id_param(page, "cycle", f.errors);
  f.page = parse_page_param(page);
  f.format = parse_export_format(page, f.errors);
  return f;
}

service::PurchaseFilter service_filter(const Filters& f) {
  service::PurchaseFilter filter;
  const TimeRange span = list_time_span(f.range);
  filter.from_us = span.start_us;
  filter.to_us = span.end_us;
  filter.method = f.method;
  filter.seller_personnel_id = f.seller;
  filter.buyer_holder_id = f.buyer;
  filter.product_id = f.product;
  filter.bar_cycle_id = f.cycle;
  return filter;
}

// A service refusal of the filters as an error beside the field; false when it is not one.
bool filter_error(const Page& page, const Error& error, FieldErrors& errors) {
  if (error.code == ErrorCode::kNotFound) {  // only the bar cycle can be missing
    errors["cycle"] = page.text("board_purchases.cycle_not_found");
    return true;
  }
  return date_range_error(page, error, errors);
}

std::string method_text(const Page& page, PaymentMethod method) {
  return page.text("board_purchases.method." + std::string(domain::payment_method_name(method)));
}

std::string seller_name(const domain::Personnel& seller) {
  return seller.nickname.empty() ? "#" + std::to_string(seller.id) : seller.nickname;
}

struct Names {
  std::map<std::int64_t, std::string> products;
  std::map<std::int64_t, domain::HolderView> holders;

  std::string product(std::int64_t id) const {
    auto it = products.find(id);
    return it == products.end() ? "#" + std::to_string(id) : it->second;
  }
  std::string holder(std::int64_t id) const {
    auto it = holders.find(id);
    return it == holders.end() ? "#" + std::to_string(id) : it->second.user.display_name();
  }
};

// Every product, active or not, by name (the product filter's choices).
Result<std::vector<domain::Product>> all_products(const Page& page) {
  MAMON_TRY(std::vector<domain::Product> products,
            service::list_products(page.site.database, service::ProductFilter::kActive));
  MAMON_TRY(std::vector<domain::Product> inactive,
            service::list_products(page.site.database, service::ProductFilter::kInactive));
  products.insert(products.end(), inactive.begin(), inactive.end());
  std::sort(products.begin(), products.end(), [](const auto& a, const auto& b) {
    return a.name != b.name ? a.name < b.name : a.id < b.id;
  });
  return products;
}

Result<Names> names_for(const Page& page, const std::vector<domain::Product>& products,
                        const std::vector<service::PurchaseView>& purchases) {
  Names names;
  for (const domain::Product& p : products) names.products[p.id] = p.name;
  std::vector<std::int64_t> buyers;
  for (const service::PurchaseView& v : purchases) {
    if (v.purchase.buyer_holder_id) buyers.push_back(*v.purchase.buyer_holder_id);
  }
  std::sort(buyers.begin(), buyers.end());
  buyers.erase(std::unique(buyers.begin(), buyers.end()), buyers.end());
  MAMON_TRY(names.holders, service::board_holder_names(page.site.database, page.caller(), buyers));
  return names;
}

// "2× Pils, 1× Cola".
std::string lines_text(const domain::Purchase& purchase, const Names& names) {
  std::string text;
  for (const domain::OrderLine& line : purchase.lines) {
    if (!text.empty()) text += ", ";
    text += std::to_string(line.quantity) + "× " + names.product(line.product_id);
  }
  return text;
}

nlohmann::json choice(std::string value, std::string text, bool selected) {
  return {{"value", std::move(value)}, {"text", std::move(text)}, {"selected", selected}};
}

nlohmann::json filter_form(const Page& page, const Filters& f,
                           const std::vector<domain::Product>& products) {
  nlohmann::json form = date_range_view(page, f.range.start, f.range.end);
  form["start_error"] = error_or_false(f.errors, "start");
  form["end_error"] = error_or_false(f.errors, "end");
  static constexpr std::string_view kOwn[] = {"method",  "seller", "buyer",
                                              "product", "cycle",  "format"};
  nlohmann::json hidden = nlohmann::json::array();
  for (const auto& h : form["hidden"]) {
    if (std::find(std::begin(kOwn), std::end(kOwn), h["name"].get<std::string>()) ==
        std::end(kOwn)) {
      hidden.push_back(h);
    }
  }
  form["hidden"] = hidden;

  nlohmann::json methods = nlohmann::json::array();
  methods.push_back(choice("", page.text("board_purchases.method_any"), f.method_text.empty()));
  for (PaymentMethod m : {PaymentMethod::kBalance, PaymentMethod::kCash, PaymentMethod::kPin,
                          PaymentMethod::kUnknown}) {
    const std::string name(domain::payment_method_name(m));
    methods.push_back(choice(name, method_text(page, m), f.method_text == name));
  }
  const std::string product_text(page.request.query.get("product").value_or(""));
  nlohmann::json product_choices = nlohmann::json::array();
  product_choices.push_back(
      choice("", page.text("board_purchases.product_any"), product_text.empty()));
  for (const domain::Product& p : products) {
    std::string label = p.name;
    if (!p.active) label += " (" + page.text("board_purchases.inactive") + ")";
    product_choices.push_back(
        choice(std::to_string(p.id), std::move(label), f.product && *f.product == p.id));
  }
  auto select = [&](std::string_view name, std::string_view label_key, nlohmann::json choices) {
    return nlohmann::json{{"name", name},
                          {"label", page.text(label_key)},
                          {"options", {{"choices", std::move(choices)}}},
                          {"value", ""},
                          {"error", error_or_false(f.errors, name)}};
  };
  auto number = [&](std::string_view name, std::string_view label_key) {
    return nlohmann::json{{"name", name},
                          {"label", page.text(label_key)},
                          {"options", false},
                          {"value", page.request.query.get(name).value_or("")},
                          {"error", error_or_false(f.errors, name)}};
  };
  form["extra_filters"] = nlohmann::json::array(
      {select("method", "board_purchases.method", std::move(methods)),
       select("product", "board_purchases.product", std::move(product_choices)),
       number("seller", "board_purchases.seller_id"), number("buyer", "board_purchases.buyer_id"),
       number("cycle", "board_purchases.cycle_id")});
  return form;
}

Response render_list(Page& page, const Filters& f, const std::vector<domain::Product>& products,
                     nlohmann::json list, int status) {
  nlohmann::json view = std::move(list);
  if (!view.is_object()) view = nlohmann::json::object();
  view["date_range"] = filter_form(page, f, products);
  view["errors"] = error_summary_view(
      page, f.errors, {"start", "end", "method", "product", "seller", "buyer", "cycle", "format"});
  if (!view.contains("has_rows")) view["has_rows"] = false;
  if (!view.contains("empty")) view["empty"] = false;
  if (!view.contains("pagination")) view["pagination"] = false;
  view["board_tabs"] = board_tabs_view(page);
  return render_page(page, "board_purchases", "board_purchases.title", std::move(view), status);
}

Result<Response> export_purchases(Page& page, const Filters& f,
                                  const std::vector<domain::Product>& products) {
  Result<service::PurchaseList> list = service::export_board_purchases(
      page.site.database, page.site.clock, page.caller(), service_filter(f));
  if (!list.ok()) {
    Filters refused = f;
    if (!filter_error(page, list.error(), refused.errors)) return list.error();
    return render_list(page, refused, products, nullptr, 422);
  }
  MAMON_TRY(Names names, names_for(page, products, list->page.items));
  ExportTable table;
  table.sheet_name = page.text("board_purchases.title");
  add_export_column(page, table, "board_purchases.col.id", ExportColumnKind::kInteger);
  add_export_column(page, table, "board_purchases.col.when", ExportColumnKind::kDateTime);
  add_export_column(page, table, "board_purchases.col.method", ExportColumnKind::kText);
  add_export_column(page, table, "board_purchases.col.seller", ExportColumnKind::kText);
  add_export_column(page, table, "board_purchases.col.buyer", ExportColumnKind::kText);
  add_export_column(page, table, "board_purchases.col.buyer_id", ExportColumnKind::kInteger);
  add_export_column(page, table, "board_purchases.col.products", ExportColumnKind::kText);
  add_export_column(page, table, "board_purchases.col.total", ExportColumnKind::kMoney);
  add_export_column(page, table, "board_purchases.col.balance_after", ExportColumnKind::kMoney);
  add_export_column(page, table, "board_purchases.col.voided", ExportColumnKind::kDateTime);
  for (const service::PurchaseView& v : list->page.items) {
    const domain::Purchase& p = v.purchase;
    std::vector<ExportCell> row;
    row.emplace_back(p.id);
    row.emplace_back(ExportInstant{p.created_at_us});
    row.emplace_back(method_text(page, p.method));
    row.emplace_back(seller_name(v.seller));
    if (p.buyer_holder_id) {
      row.emplace_back(names.holder(*p.buyer_holder_id));
      row.emplace_back(*p.buyer_holder_id);
    } else {
      row.emplace_back(std::monostate{});
      row.emplace_back(std::monostate{});
    }
    row.emplace_back(lines_text(p, names));
    row.emplace_back(p.total);
    if (p.balance_after) {
      row.emplace_back(*p.balance_after);
    } else {
      row.emplace_back(std::monostate{});
    }
    if (p.voided_at_us) {
      row.emplace_back(ExportInstant{*p.voided_at_us});
    } else {
      row.emplace_back(std::monostate{});
    }
    table.rows.push_back(std::move(row));
  }
  return export_answer(page, table, "purchases", format_local_date(f.range.range.first),
                       format_local_date(f.range.range.last), f.format);
}

Result<Response> show_purchases(Page& page) {
  Filters f = parse_filters(page);
  MAMON_TRY(std::vector<domain::Product> products, all_products(page));
  if (!f.errors.empty()) return render_list(page, f, products, nullptr, 422);
  if (f.format != ExportFormat::kNone) return export_purchases(page, f, products);

  Result<service::PurchaseList> list =
      service::list_board_purchases(page.site.database, page.site.clock, page.caller(),
                                    service_filter(f), {f.page, kBoardListPageSize});
  if (!list.ok()) {
    if (!filter_error(page, list.error(), f.errors)) return list.error();
    return render_list(page, f, products, nullptr, 422);
  }
  MAMON_TRY(Names names, names_for(page, products, list->page.items));
  nlohmann::json rows = nlohmann::json::array();
  for (const service::PurchaseView& v : list->page.items) {
    const domain::Purchase& p = v.purchase;
    nlohmann::json row = {
        {"id", p.id},
        {"href", std::string(kListPath) + std::to_string(p.id) + "/"},
        {"when", page.date_time(p.created_at_us)},
        {"method", method_text(page, p.method)},
        {"seller", seller_name(v.seller)},
        {"seller_href",
         link_with(page, kListPath, {{"seller", std::to_string(p.seller_personnel_id)}})},
        {"buyer", false},
        {"products", lines_text(p, names)},
        {"total", page.money(p.total)},
        {"balance_after", p.balance_after ? nlohmann::json(page.money(*p.balance_after)) : ""},
        {"voided", p.voided_at_us.has_value()}};
    if (p.buyer_holder_id) {
      row["buyer"] = {
          {"name", names.holder(*p.buyer_holder_id)},
          {"href", link_with(page, kListPath, {{"buyer", std::to_string(*p.buyer_holder_id)}})},
          {"holder_href", "/board/holders/" + std::to_string(*p.buyer_holder_id) + "/"}};
    }
    rows.push_back(std::move(row));
  }
  const std::int64_t pages =
      std::max<std::int64_t>(1, (list->page.total + kBoardListPageSize - 1) / kBoardListPageSize);
  std::string summary = page.format(
      list->page.total == 1 ? "board_purchases.summary_one" : "board_purchases.summary",
      {{"count", std::to_string(list->page.total)}, {"sum", page.money(list->total_sum)}});
  if (list->voided_count > 0) {
    summary += ", " + page.format("board_purchases.summary_voided",
                                  {{"voided", std::to_string(list->voided_count)}});
  }
  nlohmann::json view = {
      {"summary", std::move(summary)},
      {"has_rows", !rows.empty()},
      {"rows", rows},
      {"empty", rows.empty()},
      {"exports", list_export_links_view(page)},
      {"pagination", pagination_view(page, static_cast<int>(std::min<std::int64_t>(f.page, pages)),
                                     static_cast<int>(pages))}};
  return render_list(page, f, products, std::move(view), 200);
}

Result<Response> show_purchase(Page& page) {
  const std::int64_t id = page.request.path_int("id");
  MAMON_TRY(service::PurchaseView v,
            service::get_board_purchase(page.site.database, page.caller(), id));
  MAMON_TRY(std::vector<domain::Product> products, all_products(page));
  MAMON_TRY(Names names, names_for(page, products, {v}));
  const domain::Purchase& p = v.purchase;
  nlohmann::json lines = nlohmann::json::array();
  for (const domain::OrderLine& line : p.lines) {
    MAMON_TRY(Cents line_total, line.unit_price.times(line.quantity));
    lines.push_back({{"product", names.product(line.product_id)},
                     {"quantity", line.quantity},
                     {"unit_price", page.money(line.unit_price)},
                     {"line_total", page.money(line_total)},
                     {"ledger_account", line.ledger_account}});
  }
  nlohmann::json view = {
      {"id", p.id},
      {"when", page.date_time(p.created_at_us)},
      {"method", method_text(page, p.method)},
      {"seller", seller_name(v.seller)},
      {"seller_href", std::string(kListPath) + "?seller=" + std::to_string(v.seller.id)},
      {"buyer", false},
      {"total", page.money(p.total)},
      {"balance_after",
       p.balance_after ? nlohmann::json(page.money(*p.balance_after)) : nlohmann::json(false)},
      {"imported", p.imported},
      {"lines", lines}};
  if (p.buyer_holder_id) {
    view["buyer"] = {{"name", names.holder(*p.buyer_holder_id)},
                     {"href", "/board/holders/" + std::to_string(*p.buyer_holder_id) + "/"}};
  }
  // The void (void_page.cc): its mark when voided, else the form for those who may void (the
  // service decides again on the POST).
  MAMON_TRY(std::optional<storage::PurchaseVoid> voided,
            service::get_purchase_void(page.site.database, page.caller(), id));
  view["voided"] = false;
  view["void_form"] = false;
  if (voided) {
    view["voided"] = {{"when", page.date_time(voided->voided_at_us)}, {"reason", voided->reason}};
  } else if (domain::has_permission(page.caller(), domain::Permission::kVoidPurchase)) {
    view["void_form"] = {{"action", std::string(kListPath) + std::to_string(p.id) + "/void/"},
                         {"reason", field_view(page, "reason", "void.reason", "text")}};
  }
  view["board_tabs"] = board_tabs_view(page);
  return render_page_titled(page, "board_purchase",
                            page.format("board_purchase.title", {{"id", std::to_string(p.id)}}),
                            std::move(view));
}

}  // namespace

void register_board_purchases_routes(Router& router, const WebSite& site) {
  add_page(router, site, Method::kGet, "/board/purchases", show_purchases);
  add_page(router, site, Method::kGet, "/board/purchases/{id}", show_purchase);
}

}  // namespace mamon::http::web
