// GET /board/holders/ (the board's holders: search by name, username, ledenbase id or card,
// sorted by name or by balance lowest first, ?format=csv|xlsx of every matching holder) and
// GET /board/holders/{id}/ (read-only: balance, credit floor, the timeline, the cards).
// WEB.md §2 "Holders". The data and the permission check: holders_service.h
// list_board_holders, board_details_service.h board_holder_detail.
#include <algorithm>
#include <vector>

#include "base/limits.h"
#include "http/web/board_list_support.h"
#include "http/web/holder_forms.h"
#include "http/web/page.h"
#include "http/web/pages.h"
#include "http/web/report_kit.h"
#include "service/board_details_service.h"
#include "service/holders_service.h"

namespace mamon::http::web {
namespace {

constexpr std::string_view kListPath = "/board/holders/";

struct Filters {
  std::string search;
  std::string sort_text;  // "name" (default) or "balance"
  storage::HolderSort sort = storage::HolderSort::kName;
  std::int64_t page = 1;
  ExportFormat format = ExportFormat::kNone;
  FieldErrors errors;
};

Filters parse_filters(const Page& page) {
  Filters f;
  f.search = std::string(page.request.query.get("search").value_or(""));
  if (f.search.size() > limits::kNameLengthMax) {
    f.errors["search"] = page.text("board_holders.search_too_long");
  }
  f.sort_text = std::string(page.request.query.get("sort").value_or(""));
  if (f.sort_text == "balance") {
    f.sort = storage::HolderSort::kBalanceAscending;
  } else if (!f.sort_text.empty() && f.sort_text != "name") {
    f.errors["sort"] = page.text("board_holders.bad_sort");
  }
  f.page = parse_page_param(page);
  f.format = parse_export_format(page, f.errors);
  return f;
}

std::string holder_href(std::int64_t holder_id) {
  return std::string(kListPath) + std::to_string(holder_id) + "/";
}

std::string ledenbase_text(const domain::Holder& holder) {
  return holder.ledenbase_id ? std::to_string(*holder.ledenbase_id) : "";
}

Response render_list(Page& page, const Filters& f, nlohmann::json view, int status) {
  if (!view.is_object()) view = nlohmann::json::object();
  nlohmann::json sorts = nlohmann::json::array();
  for (const char* s : {"name", "balance"}) {
    const bool selected = s == std::string_view("balance")
                              ? f.sort == storage::HolderSort::kBalanceAscending
                              : f.sort == storage::HolderSort::kName;
    sorts.push_back({{"value", s},
                     {"text", page.text(std::string("board_holders.sort_") + s)},
                     {"selected", selected}});
  }
  view["filter"] = {{"action", kListPath},
                    {"search", f.search},
                    {"search_error", error_or_false(f.errors, "search")},
                    {"sort_error", error_or_false(f.errors, "sort")},
                    {"sorts", sorts}};
  view["errors"] = error_summary_view(page, f.errors, {"search", "sort", "format"});
  if (!view.contains("has_rows")) view["has_rows"] = false;
  if (!view.contains("empty")) view["empty"] = false;
  if (!view.contains("pagination")) view["pagination"] = false;
  view["board_tabs"] = board_tabs_view(page);
  return render_page(page, "board_holders", "board_holders.title", std::move(view), status);
}

// A service refusal of the filters as an error beside the field; false when it is not one.
bool filter_error(const Page& page, const Error& error, FieldErrors& errors) {
  if (error.kind() != ErrorKind::kInvalid || error.field != "search") return false;
  errors["search"] = page.text("board_holders.search_too_long");
  return true;
}

Result<Response> export_holders(Page& page, Filters& f) {
  // Every matching holder, a page of the service's largest size at a time.
  std::vector<storage::HolderListRow> rows;
  for (std::int64_t n = 1;; ++n) {
    Result<service::Page<storage::HolderListRow>> chunk = service::list_board_holders(
        page.site.database, page.caller(), {f.search, f.sort, {n, limits::kPageSizeMax}});
    if (!chunk.ok()) {
      if (!filter_error(page, chunk.error(), f.errors)) return chunk.error();
      return render_list(page, f, nullptr, 422);
    }
    if (chunk->total > limits::kExportRowsMax) {
      f.errors["search"] = page.text("board_list.too_many_rows");
      return render_list(page, f, nullptr, 422);
    }
    const bool last = chunk->items.size() < static_cast<std::size_t>(limits::kPageSizeMax);
    for (auto& row : chunk->items) rows.push_back(std::move(row));
    if (last || static_cast<std::int64_t>(rows.size()) >= chunk->total) break;
  }
  ExportTable table;
  table.sheet_name = page.text("board_holders.title");
  add_export_column(page, table, "board_holders.col.id", ExportColumnKind::kInteger);
  add_export_column(page, table, "board_holders.col.name", ExportColumnKind::kText);
  add_export_column(page, table, "board_holders.col.username", ExportColumnKind::kText);
  add_export_column(page, table, "board_holders.col.ledenbase_id", ExportColumnKind::kInteger);
  add_export_column(page, table, "board_holders.col.balance", ExportColumnKind::kMoney);
  add_export_column(page, table, "board_holders.col.credit_floor", ExportColumnKind::kMoney);
  add_export_column(page, table, "board_holders.col.cards", ExportColumnKind::kInteger);
  add_export_column(page, table, "board_holders.col.last_activity", ExportColumnKind::kDateTime);
  for (const storage::HolderListRow& r : rows) {
    std::vector<ExportCell> row;
    row.emplace_back(r.view.holder.id);
    row.emplace_back(r.view.user.display_name());
    row.emplace_back(r.view.user.username);
    if (r.view.holder.ledenbase_id) {
      row.emplace_back(*r.view.holder.ledenbase_id);
    } else {
      row.emplace_back(std::monostate{});
    }
    row.emplace_back(r.view.balance);
    row.emplace_back(r.credit_floor);
    row.emplace_back(r.card_count);
    if (r.last_activity_at_us) {
      row.emplace_back(ExportInstant{*r.last_activity_at_us});
    } else {
      row.emplace_back(std::monostate{});
    }
    table.rows.push_back(std::move(row));
  }
  const std::string today = format_local_date(local_date_of(page.site.clock.now_us()));
  return export_answer(page, table, "holders", today, "", f.format);
}

Result<Response> show_holders(Page& page) {
  Filters f = parse_filters(page);
  if (!f.errors.empty()) return render_list(page, f, nullptr, 422);
  if (f.format != ExportFormat::kNone) return export_holders(page, f);
  Result<service::Page<storage::HolderListRow>> list = service::list_board_holders(
      page.site.database, page.caller(), {f.search, f.sort, {f.page, kBoardListPageSize}});
  if (!list.ok()) {
    if (!filter_error(page, list.error(), f.errors)) return list.error();
    return render_list(page, f, nullptr, 422);
  }
  nlohmann::json rows = nlohmann::json::array();
  for (const storage::HolderListRow& r : list->items) {
    rows.push_back({{"href", holder_href(r.view.holder.id)},
                    {"name", r.view.user.display_name()},
                    {"username", r.view.user.username},
                    {"ledenbase_id", ledenbase_text(r.view.holder)},
                    {"balance", page.money(r.view.balance)},
                    {"negative", r.view.balance.value() < 0},
                    {"credit_floor", page.money(r.credit_floor)},
                    {"cards", r.card_count},
                    {"last_activity", r.last_activity_at_us ? page.date_time(*r.last_activity_at_us)
                                                            : std::string()}});
  }
  const std::int64_t pages =
      std::max<std::int64_t>(1, (list->total + kBoardListPageSize - 1) / kBoardListPageSize);
  nlohmann::json view = {
      {"summary",
       page.format(list->total == 1 ? "board_holders.summary_one" : "board_holders.summary",
                   {{"count", std::to_string(list->total)}})},
      {"has_rows", !rows.empty()},
      {"rows", rows},
      {"empty", rows.empty()},
      {"exports", list_export_links_view(page)},
      {"pagination", pagination_view(page, static_cast<int>(std::min<std::int64_t>(f.page, pages)),
                                     static_cast<int>(pages))}};
  return render_list(page, f, std::move(view), 200);
}

// The catalogue text of `prefix` + `name`, or `name` itself when the catalogue has none (a
// transfer kind or Mollie status added later still shows).
std::string text_or_name(const Page& page, std::string_view prefix, const std::string& name) {
  const std::string key = std::string(prefix) + name;
  return page.site.catalogue.has(page.language, key) ? page.text(key) : name;
}

nlohmann::json timeline_view(const Page& page, const service::Page<service::TimelineEntry>& tl) {
  nlohmann::json entries = nlohmann::json::array();
  for (const service::TimelineEntry& e : tl.items) {
    std::string what;
    std::string href;
    switch (e.kind) {
      case service::TimelineKind::kPurchase: {
        href = "/board/purchases/" + std::to_string(e.id) + "/";
        break;
      }
      case service::TimelineKind::kTopUp:
        what = page.text("board_holder.kind.top_up");
        break;
      case service::TimelineKind::kRefund:
        what = page.text("board_holder.kind.refund");
        break;
      case service::TimelineKind::kOnlineTopUp:
        what = page.text("board_holder.kind.online_top_up");
        break;
      case service::TimelineKind::kTransfer:
        what = text_or_name(page, "board_holder.transfer.", e.method);
        break;
    }
    std::string detail;
    for (const service::TimelineLine& line : e.lines) {
      if (!detail.empty()) detail += ", ";
      detail += std::to_string(line.quantity) + "× " + line.product_name;
    }
    auto add = [&what](const std::string& part) { what += (what.empty() ? "" : " · ") + part; };
    if (e.kind != service::TimelineKind::kTransfer && !e.method.empty()) {
      add(text_or_name(page, "board_holder.method.", e.method));
    }
    if (!e.status.empty()) add(text_or_name(page, "board_holder.status.", e.status));
    if (!e.comment.empty()) detail += (detail.empty() ? "" : " — ") + e.comment;
    const bool counts_in =
        e.kind == service::TimelineKind::kOnlineTopUp ? e.status == "paid" : e.into_wallet;
    std::string amount = page.money(e.amount);
    if (e.kind == service::TimelineKind::kOnlineTopUp && !counts_in) {
      amount = "(" + amount + ")";
    } else {
      amount = (counts_in ? "+ " : "− ") + amount;
    }
    entries.push_back(
        {{"when", page.date_time(e.created_at_us)},
         {"what", what},
         {"link", href.empty()
                      ? nlohmann::json(false)
                      : nlohmann::json{{"href", href},
                                       {"text", page.format("board_holder.purchase_n",
                                                            {{"id", std::to_string(e.id)}})}}},
         {"detail", detail},
         {"amount", amount},
         {"out", !counts_in && e.kind != service::TimelineKind::kOnlineTopUp},
         {"balance_after", e.balance_after ? page.money(*e.balance_after) : ""}});
  }
  return entries;
}

}  // namespace

Result<Response> render_board_holder(Page& page, std::int64_t holder_id, const HolderForms& forms,
                                     int status) {
  const std::int64_t page_number = parse_page_param(page);
  Result<service::BoardHolderDetail> found =
      service::board_holder_detail(page.site.database, page.site.clock, page.caller(), holder_id,
                                   {page_number, kBoardListPageSize});
  if (!found.ok() && found.error().code == ErrorCode::kHolderNotFound) {
    return error_page(page, 404, page.error_text(found.error()));  // a path, not a form field
  }
  MAMON_TRY(service::BoardHolderDetail detail, std::move(found));
  const service::MemberHome& home = detail.home;
  nlohmann::json cards = nlohmann::json::array();
  for (const domain::Card& card : detail.cards) {
    cards.push_back(
        {{"uid", card.card_id},
         {"actions", "/board/holders/" + std::to_string(holder_id) + "/"},
         {"name", card.card_name.empty() ? nlohmann::json(false) : nlohmann::json(card.card_name)},
         {"since", page.date(card.created_at_us)},
         {"blocked", card.blocked}});
  }
  const std::int64_t pages = std::max<std::int64_t>(
      1, (home.timeline.total + kBoardListPageSize - 1) / kBoardListPageSize);
  const domain::HolderView& h = home.holder;
  nlohmann::json view = {
      {"name", h.user.display_name()},
      {"username", h.user.username},
      {"email", h.user.email.empty() ? nlohmann::json(false) : nlohmann::json(h.user.email)},
      {"ledenbase_id", h.holder.ledenbase_id ? ledenbase_text(h.holder) : "—"},
      {"personnel", h.personnel ? nlohmann::json(h.personnel->nickname) : nlohmann::json(false)},
      {"active", h.user.is_active},
      {"balance", page.money(h.balance)},
      {"negative", h.balance.value() < 0},
      {"credit_floor", page.money(home.credit_floor)},
      {"purchases_href", "/board/purchases/?buyer=" + std::to_string(h.holder.id)},
      {"has_timeline", !home.timeline.items.empty()},
      {"timeline", timeline_view(page, home.timeline)},
      {"timeline_total", page.format(home.timeline.total == 1 ? "board_holder.timeline_count_one"
                                                              : "board_holder.timeline_count",
                                     {{"count", std::to_string(home.timeline.total)}})},
      {"has_cards", !cards.empty()},
      {"cards", cards},
      {"pagination",
       pagination_view(page, static_cast<int>(std::min<std::int64_t>(page_number, pages)),
                       static_cast<int>(pages))}};
  view["forms"] = holder_forms_view(page, holder_id, forms);
  view["board_tabs"] = board_tabs_view(page);
  return render_page_titled(page, "board_holder", h.user.display_name(), std::move(view), status);
}

namespace {

Result<Response> show_holder(Page& page) {
  return render_board_holder(page, page.request.path_int("id"), HolderForms{}, 200);
}

}  // namespace

void register_board_holders_routes(Router& router, const WebSite& site) {
  add_page(router, site, Method::kGet, "/board/holders", show_holders);
  add_page(router, site, Method::kGet, "/board/holders/{id}", show_holder);
}

}  // namespace mamon::http::web
