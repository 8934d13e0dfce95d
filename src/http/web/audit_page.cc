// GET /manage/audit/ (issue 9 item 8; WEB.md §2 "Audit log"): the audit log with filters (user,
// action, object type and id, date range), newest first, paginated, each entry's detail as
// "before → after", and ?format=csv|xlsx of exactly the filtered entries. Read-only: Bestuur and
// Kascommissie (view_audit_log, checked by service/audit_service.h).
#include <algorithm>

#include "http/web/board_list_support.h"
#include "http/web/manage_tabs.h"
#include "http/web/page.h"
#include "http/web/pages.h"
#include "service/audit_service.h"

namespace mamon::http::web {
namespace {

constexpr std::string_view kListPath = "/manage/audit/";
constexpr std::size_t kFilterTextMax = 150;

struct AuditPageFilters {
  ListDateRange range;
  std::optional<std::int64_t> user;
  std::string action, object_type, object_id;
  std::int64_t page = 1;
  ExportFormat format = ExportFormat::kNone;
  FieldErrors errors;
};

std::string text_param(const Page& page, std::string_view name, FieldErrors& errors) {
  std::string value(page.request.query.get(name).value_or(""));
  if (value.size() > kFilterTextMax) {
    errors[std::string(name)] = page.text("audit.bad_text");
    return "";
  }
  return value;
}

AuditPageFilters parse_filters(const Page& page) {
  AuditPageFilters f;
  f.range = parse_date_range_filter(page, f.errors);
  f.user = parse_id_param(page, "user", f.errors);
  f.action = text_param(page, "action", f.errors);
  f.object_type = text_param(page, "object_type", f.errors);
  f.object_id = text_param(page, "object_id", f.errors);
  f.page = parse_page_param(page);
  f.format = parse_export_format(page, f.errors);
  return f;
}

service::AuditFilter service_filter(const AuditPageFilters& f) {
  service::AuditFilter filter;
  const TimeRange span = list_time_span(f.range);
  filter.from_us = span.start_us;
  filter.to_us = span.end_us;
  filter.user_id = f.user;
  filter.action = f.action;
  filter.object_type = f.object_type;
  filter.object_id = f.object_id;
  return filter;
}

// "Anna de Vries (anna)", or the system when the entry has no user.
std::string who(const Page& page, const storage::AuditEntry& e) {
  if (!e.user_id) return page.text("audit.system");
  if (e.username.empty()) return "#" + std::to_string(*e.user_id);
  if (e.user_name == e.username) return e.username;
  return e.user_name + " (" + e.username + ")";
}

std::string object_text(const storage::AuditEntry& e) {
  return e.object_id.empty() ? e.object_type : e.object_type + " " + e.object_id;
}

// "price: 2.50 → 2.75; active: true → false" for the export.
std::string changes_text(const service::AuditDetailView& d) {
  std::string text;
  for (const std::string& fact : d.facts) {
    if (!text.empty()) text += "; ";
    text += fact;
  }
  for (const service::AuditChange& c : d.changes) {
    if (!text.empty()) text += "; ";
    if (!c.field.empty()) text += c.field + ": ";
    text += c.before + " → " + c.after;
  }
  return text;
}

nlohmann::json choice(std::string value, std::string text, bool selected) {
  return {{"value", std::move(value)}, {"text", std::move(text)}, {"selected", selected}};
}

nlohmann::json filter_form(const Page& page, const AuditPageFilters& f,
                           const service::AuditChoices& choices) {
  nlohmann::json form = date_range_view(page, f.range.start, f.range.end);
  form["start_error"] = error_or_false(f.errors, "start");
  form["end_error"] = error_or_false(f.errors, "end");
  static constexpr std::string_view kOwn[] = {"user", "action", "object_type", "object_id",
                                              "format"};
  nlohmann::json hidden = nlohmann::json::array();
  for (const auto& h : form["hidden"]) {
    if (std::find(std::begin(kOwn), std::end(kOwn), h["name"].get<std::string>()) ==
        std::end(kOwn)) {
      hidden.push_back(h);
    }
  }
  form["hidden"] = hidden;
  auto select = [&](std::string_view name, std::string_view label_key,
                    const std::vector<std::string>& values, const std::string& current) {
    nlohmann::json options = nlohmann::json::array();
    options.push_back(choice("", page.text("audit.any"), current.empty()));
    bool found = current.empty();
    for (const std::string& v : values) {
      options.push_back(choice(v, v, v == current));
      found = found || v == current;
    }
    if (!found) options.push_back(choice(current, current, true));  // kept, though now unused
    return nlohmann::json{{"name", name},
                          {"label", page.text(label_key)},
                          {"options", {{"choices", std::move(options)}}},
                          {"value", ""},
                          {"error", error_or_false(f.errors, name)}};
  };
  auto text_input = [&](std::string_view name, std::string_view label_key) {
    return nlohmann::json{{"name", name},
                          {"label", page.text(label_key)},
                          {"options", false},
                          {"value", page.request.query.get(name).value_or("")},
                          {"error", error_or_false(f.errors, name)}};
  };
  form["extra_filters"] = nlohmann::json::array(
      {text_input("user", "audit.user_id"),
       select("action", "audit.action", choices.actions, f.action),
       select("object_type", "audit.object_type", choices.object_types, f.object_type),
       text_input("object_id", "audit.object_id")});
  return form;
}

Response render_list(Page& page, const AuditPageFilters& f, const service::AuditChoices& choices,
                     nlohmann::json list, int status) {
  nlohmann::json view = std::move(list);
  if (!view.is_object()) view = nlohmann::json::object();
  view["date_range"] = filter_form(page, f, choices);
  view["errors"] = error_summary_view(
      page, f.errors, {"start", "end", "user", "action", "object_type", "object_id", "format"});
  if (!view.contains("summary")) view["summary"] = false;
  if (!view.contains("has_rows")) view["has_rows"] = false;
  if (!view.contains("empty")) view["empty"] = false;
  if (!view.contains("pagination")) view["pagination"] = false;
  view["manage_tabs"] = manage_tabs_view(page);
  return render_page(page, "manage_audit", "audit.title", std::move(view), status);
}

Result<Response> export_entries(Page& page, const AuditPageFilters& f,
                                const service::AuditChoices& choices) {
  Result<std::vector<storage::AuditEntry>> entries =
      service::export_audit_log(page.site.database, page.caller(), service_filter(f));
  if (!entries.ok()) {
    AuditPageFilters refused = f;
    if (!date_range_error(page, entries.error(), refused.errors)) return entries.error();
    return render_list(page, refused, choices, nullptr, 422);
  }
  ExportTable table;
  table.sheet_name = page.text("audit.title");
  add_export_column(page, table, "audit.col.id", ExportColumnKind::kInteger);
  add_export_column(page, table, "audit.col.when", ExportColumnKind::kDateTime);
  add_export_column(page, table, "audit.col.user_id", ExportColumnKind::kInteger);
  add_export_column(page, table, "audit.col.who", ExportColumnKind::kText);
  add_export_column(page, table, "audit.col.action", ExportColumnKind::kText);
  add_export_column(page, table, "audit.col.object_type", ExportColumnKind::kText);
  add_export_column(page, table, "audit.col.object_id", ExportColumnKind::kText);
  add_export_column(page, table, "audit.col.changes", ExportColumnKind::kText);
  add_export_column(page, table, "audit.col.detail", ExportColumnKind::kText);
  for (const storage::AuditEntry& e : *entries) {
    std::vector<ExportCell> row;
    row.emplace_back(e.id);
    row.emplace_back(ExportInstant{e.created_at_us});
    if (e.user_id) {
      row.emplace_back(*e.user_id);
    } else {
      row.emplace_back(std::monostate{});
    }
    row.emplace_back(who(page, e));
    row.emplace_back(e.action);
    row.emplace_back(e.object_type);
    row.emplace_back(e.object_id);
    row.emplace_back(changes_text(service::describe_audit_detail(e.detail)));
    row.emplace_back(e.detail);
    table.rows.push_back(std::move(row));
  }
  return export_answer(page, table, "audit", format_local_date(f.range.range.first),
                       format_local_date(f.range.range.last), f.format);
}

nlohmann::json entry_view(const Page& page, const storage::AuditEntry& e) {
  const service::AuditDetailView detail = service::describe_audit_detail(e.detail);
  nlohmann::json changes = nlohmann::json::array();
  for (const service::AuditChange& c : detail.changes) {
    changes.push_back({{"field", c.field.empty() ? nlohmann::json(false) : nlohmann::json(c.field)},
                       {"before", c.before},
                       {"after", c.after}});
  }
  nlohmann::json view = {
      {"id", e.id},
      {"when", page.date_time(e.created_at_us)},
      {"who", who(page, e)},
      {"who_href", false},
      {"action", e.action},
      {"action_href", link_with(page, kListPath, {{"action", e.action}})},
      {"object", object_text(e)},
      {"object_href",
       link_with(page, kListPath, {{"object_type", e.object_type}, {"object_id", e.object_id}})},
      {"facts", detail.facts},
      {"has_changes", !changes.empty()},
      {"changes", changes}};
  if (e.user_id) {
    view["who_href"] = link_with(page, kListPath, {{"user", std::to_string(*e.user_id)}});
  }
  return view;
}

Result<Response> show_audit(Page& page) {
  AuditPageFilters f = parse_filters(page);
  MAMON_TRY(service::AuditChoices choices,
            service::audit_filter_choices(page.site.database, page.caller()));
  if (!f.errors.empty()) return render_list(page, f, choices, nullptr, 422);
  if (f.format != ExportFormat::kNone) return export_entries(page, f, choices);

  Result<service::AuditList> list = service::list_audit_log(
      page.site.database, page.caller(), service_filter(f), {f.page, kBoardListPageSize});
  if (!list.ok()) {
    if (!date_range_error(page, list.error(), f.errors)) return list.error();
    return render_list(page, f, choices, nullptr, 422);
  }
  nlohmann::json rows = nlohmann::json::array();
  for (const storage::AuditEntry& e : list->page.items) rows.push_back(entry_view(page, e));
  const std::int64_t pages =
      std::max<std::int64_t>(1, (list->page.total + kBoardListPageSize - 1) / kBoardListPageSize);
  nlohmann::json view = {
      {"summary", page.format(list->page.total == 1 ? "audit.summary_one" : "audit.summary",
                              {{"count", std::to_string(list->page.total)}})},
      {"has_rows", !rows.empty()},
      {"rows", rows},
      {"empty", rows.empty()},
      {"exports", list_export_links_view(page)},
      {"pagination", pagination_view(page, static_cast<int>(std::min<std::int64_t>(f.page, pages)),
                                     static_cast<int>(pages))}};
  return render_list(page, f, choices, std::move(view), 200);
}

}  // namespace

void register_audit_routes(Router& router, const WebSite& site) {
  add_page(router, site, Method::kGet, "/manage/audit", show_audit);
}

}  // namespace mamon::http::web
