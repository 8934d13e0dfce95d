// GET /board/cycles/ (bar cycles, newest first, ?page=N) and /board/cycles/{id}/ (one cycle, all
// from one read of service/cycle_dossier.h: the API summary, its reports, and sales per local hour
// as a chart with the same numbers in a table, then the rest of the dossier (segments, every count, denominations, cash moves,
// PIN, voids, categories) and its flags; printable on A4, exportable as CSV / XLSX with every
// table). WEB.md §2 "Bar cycles", docs/reports.md "Bar cycles".
#include <algorithm>
#include <charconv>
#include <vector>

#include "domain/reports.h"
#include "http/web/cycle_dossier_tables.h"
#include "http/web/formats.h"
#include "http/web/page.h"
#include "http/web/pages.h"
#include "http/web/report_kit.h"
#include "service/board_reports_service.h"
#include "service/cycle_dossier.h"
#include "service/reports_service.h"

namespace mamon::http::web {
namespace {

constexpr std::int64_t kCyclesPerPage = 25;

std::string staff_names(const std::vector<domain::Personnel>& staff) {
  std::string out;
  for (const domain::Personnel& p : staff) {
    if (!out.empty()) out += ", ";
    out += p.nickname;
  }
  return out;
}

std::string flags_text(const Page& page, const service::BarCycleView& c) {
  std::vector<std::string> flags;
  if (c.cycle.is_open()) flags.push_back(page.text("cycles.flag_open"));
  if (c.cycle.imported) flags.push_back(page.text("cycles.flag_imported"));
  if (c.summary.cash_difference && c.summary.cash_difference->value() != 0) {
    flags.push_back(page.text("cycles.flag_difference"));
  }
  for (const service::CycleFlowMeter& m : c.flow_meters.meters) {
    if (m.went_backwards || (m.shrinkage && m.shrinkage->flagged)) {
      flags.push_back(page.text("cycles.flag_flow"));
      break;
    }
  }
  std::string out;
  for (const std::string& f : flags) out += (out.empty() ? "" : ", ") + f;
  return out;
}

ExportCell optional_money(const std::optional<Cents>& c) {
  if (c) return *c;
  return std::monostate{};
}

std::int64_t page_number(const Page& page) {
  std::string_view text = page.request.query.get("page").value_or("1");
  std::int64_t n = 1;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n < 1) return 1;
  return std::min<std::int64_t>(n, 1'000'000);
}

Result<Response> show_cycles(Page& page) {
  const std::int64_t current = page_number(page);
  MAMON_TRY(service::Page<service::BarCycleView> cycles,
            service::list_board_cycles(page.site.database, page.site.clock, page.caller(),
                                       service::PageRequest{current, kCyclesPerPage}));
  ReportTable t{.id = "cycles",
                .caption = page.text("cycles.caption"),
                .columns = {{page.text("cycles.cycle"), ExportColumnKind::kText},
                            {page.text("cycles.opened"), ExportColumnKind::kDateTime},
                            {page.text("cycles.closed"), ExportColumnKind::kDateTime},
                            {page.text("cycles.staff"), ExportColumnKind::kText},
                            {page.text("cycles.counted_cash"), ExportColumnKind::kMoney},
                            {page.text("cycles.turnover"), ExportColumnKind::kMoney},
                            {page.text("cycles.cash_difference"), ExportColumnKind::kMoney},
                            {page.text("cycles.flags"), ExportColumnKind::kText}}};
  for (const service::BarCycleView& c : cycles.items) {
    t.rows.push_back({page.format("cycles.number", {{"id", std::to_string(c.cycle.id)}}),
                      ExportInstant{c.window_from_us},
                      c.closing ? ExportCell(ExportInstant{c.closing->created_at_us})
                                : ExportCell(page.text("cycles.still_open")),
                      staff_names(c.staff), optional_money(c.summary.counted_cash),
                      c.summary.sales_total, optional_money(c.summary.cash_difference),
                      flags_text(page, c)});
    t.row_links.push_back("/board/cycles/" + std::to_string(c.cycle.id) + "/");
  }
  const int pages = static_cast<int>(
      std::max<std::int64_t>(1, (cycles.total + kCyclesPerPage - 1) / kCyclesPerPage));
  nlohmann::json view = {{"board_tabs", board_tabs_view(page)},
                         {"table", report_table_view(page, t)},
                         {"pagination", pagination_view(page, static_cast<int>(current), pages)}};
  return render_page(page, "cycles", "cycles.title", std::move(view));
}

std::string report_kind(const Page& page, const domain::Report& r) {
  if (r.legacy_action && r.action == domain::ReportAction::kOther) return *r.legacy_action;
  return page.text("cycle.report." + std::string(domain::report_action_name(r.action)));
}

std::string nickname_of(const std::vector<domain::Personnel>& staff, std::int64_t id) {
  for (const domain::Personnel& p : staff) {
    if (p.id == id) return p.nickname;
  }
  return "#" + std::to_string(id);
}

// The chart's data for mamon.js, in the canvas's data-mamon-chart attribute (the CSP allows no
// inline script): hour labels and one series per method, in euros.
std::string chart_data(const Page& page, const std::vector<service::HourSales>& hours) {
  nlohmann::json labels = nlohmann::json::array();
  nlohmann::json balance = nlohmann::json::array(), cash = nlohmann::json::array(),
                 pin = nlohmann::json::array(), unknown = nlohmann::json::array();
  auto euros = [](Cents c) { return static_cast<double>(c.value()) / 100.0; };  // display only
  for (const service::HourSales& hour : hours) {
    labels.push_back((hour.hour < 10 ? "0" : "") + std::to_string(hour.hour) + ":00");
    balance.push_back(euros(hour.sales.by_method.balance));
    cash.push_back(euros(hour.sales.by_method.cash));
    pin.push_back(euros(hour.sales.by_method.pin));
    unknown.push_back(euros(hour.sales.by_method.unknown));
  }
  nlohmann::json series = nlohmann::json::array(
      {{{"label", page.text("board.method.balance")}, {"data", balance}, {"color", "#1f5e3b"}},
       {{"label", page.text("board.method.cash")}, {"data", cash}, {"color", "#8a3b12"}},
       {{"label", page.text("board.method.pin")}, {"data", pin}, {"color", "#2b5797"}}});
  bool any_unknown = false;
  for (const service::HourSales& hour : hours)
    any_unknown |= hour.sales.by_method.unknown.value() != 0;
  if (any_unknown) {
    series.push_back(
        {{"label", page.text("board.method.unknown")}, {"data", unknown}, {"color", "#6b6b6b"}});
  }
  nlohmann::json data = {{"labels", labels},
                         {"series", series},
                         {"currency", "EUR"},
                         {"locale", page.language == Language::kNl ? "nl-NL" : "en-GB"}};
  return data.dump();
}

std::string optional_litres(const Page& page, const std::optional<domain::FlowShrinkage>& s,
                            std::int64_t domain::FlowShrinkage::*field) {
  return s ? format_litres((*s).*field, page.language) : "";
}

// "Above 10 %", "The meter went backwards" or "": what the board should look at.
std::string flow_flag_text(const Page& page, const service::CycleFlowMeter& m,
                           std::int64_t warn_percent) {
  if (m.went_backwards) return page.text("cycle.flow.backwards");
  if (m.shrinkage && m.shrinkage->flagged) {
    return page.format("cycle.flow.above", {{"percent", std::to_string(warn_percent)}});
  }
  return "";
}

// One row per meter: its stock item, readings, and for a configured meter of a closed cycle the
// litres poured and sold, the shrinkage and the flag (service/flow_meters_service.h).
ReportTable flow_meters_table(const Page& page, const service::CycleFlowMeters& flow) {
  ReportTable t{
      .id = "cycle-meters",
      .caption = page.text("cycle.flow_meters"),
      .note = page.format("cycle.flow.note", {{"percent", std::to_string(flow.warn_percent)}}),
      .columns = {{page.text("cycle.meter"), ExportColumnKind::kText},
                  {page.text("cycle.flow.stock_item"), ExportColumnKind::kText},
                  {page.text("cycle.opening"), ExportColumnKind::kInteger},
                  {page.text("cycle.closing"), ExportColumnKind::kInteger},
                  {page.text("cycle.delta"), ExportColumnKind::kInteger},
                  {page.text("cycle.flow.poured"), ExportColumnKind::kText},
                  {page.text("cycle.flow.sold"), ExportColumnKind::kText},
                  {page.text("cycle.flow.shrinkage"), ExportColumnKind::kText},
                  {page.text("cycle.flow.shrinkage_percent"), ExportColumnKind::kText},
                  {page.text("cycle.flow.flag"), ExportColumnKind::kText}}};
  for (const service::CycleFlowMeter& m : flow.meters) {
    const std::optional<domain::FlowShrinkage>& s = m.shrinkage;
    auto optional_int = [](const std::optional<std::int64_t>& v) -> ExportCell {
      if (v) return *v;
      return std::monostate{};
    };
    t.rows.push_back(
        {page.format("cycle.meter_n", {{"n", std::to_string(m.meter)}}),
         m.setting ? m.setting->stock_item_name : page.text("cycle.flow.not_configured"),
         m.opening_reading, optional_int(m.closing_reading), optional_int(m.delta),
         optional_litres(page, s, &domain::FlowShrinkage::poured_ml),
         optional_litres(page, s, &domain::FlowShrinkage::sold_ml),
         optional_litres(page, s, &domain::FlowShrinkage::shrinkage_ml),
         s && s->shrinkage_basis_points
             ? format_basis_points(*s->shrinkage_basis_points, page.language)
             : std::string(),
         flow_flag_text(page, m, flow.warn_percent)});
  }
  return t;
}

// The flags of the meters, for the warning above the tables ("Meter 1 (Pils keg): above 10 %").
std::vector<std::string> flow_meter_warnings(const Page& page,
                                             const service::CycleFlowMeters& flow) {
  std::vector<std::string> out;
  for (const service::CycleFlowMeter& m : flow.meters) {
    const std::string flag = flow_flag_text(page, m, flow.warn_percent);
    if (flag.empty()) continue;
    out.push_back(
        page.format("cycle.flow.warning", {{"meter", std::to_string(m.meter)},
                                           {"item", m.setting ? m.setting->stock_item_name : ""},
                                           {"flag", flag}}));
  }
  return out;
}

Result<Response> show_cycle(Page& page) {
  MAMON_TRY(service::CycleDossier dossier,
            service::cycle_dossier(page.site.database, page.site.clock, page.caller(),
                                   page.request.path_int("id")));
  const service::BarCycleView& c = dossier.cycle;
  const domain::BarCycleSummary& s = c.summary;

  ReportTable cash{.id = "cycle-cash",
                   .caption = page.text("cycle.cash"),
                   .columns = {{page.text("cycle.figure"), ExportColumnKind::kText},
                               {page.text("overview.amount"), ExportColumnKind::kMoney}}};
  cash.rows = {{page.text("cycle.opening_cash"), s.opening_cash},
               {page.text("cycle.cash_sales"), s.sales.cash},
               {page.text("cycle.cash_top_ups"), s.top_ups.cash},
               {page.text("cycle.cash_refunds"), s.refunds.cash},
               {page.text("cycle.cash_moved_in"), s.cash_moved_in},
               {page.text("cycle.cash_moved_out"), s.cash_moved_out},
               {page.text("cycle.expected_cash"), s.expected_cash},
               {page.text("cycle.counted_cash"), optional_money(s.counted_cash)}};
  cash.footer = {page.text("cycle.cash_difference"), optional_money(s.cash_difference)};

  ReportTable methods{.id = "cycle-methods",
                      .caption = page.text("cycle.by_method"),
                      .columns = {{page.text("overview.method"), ExportColumnKind::kText},
                                  {page.text("cycle.sales"), ExportColumnKind::kMoney},
                                  {page.text("overview.top_ups"), ExportColumnKind::kMoney},
                                  {page.text("overview.refunds"), ExportColumnKind::kMoney}}};
  methods.rows = {
      {page.text("board.method.balance"), s.sales.balance, std::monostate{}, std::monostate{}},
      {page.text("board.method.cash"), s.sales.cash, s.top_ups.cash, s.refunds.cash},
      {page.text("board.method.pin"), s.sales.pin, s.top_ups.pin, s.refunds.pin},
      {page.text("board.method.mollie"), std::monostate{}, s.top_ups.mollie, s.refunds.mollie},
      {page.text("board.method.unknown"), s.sales.unknown, s.top_ups.unknown, s.refunds.unknown}};
  methods.footer = {page.text("board.total"), s.sales_total, s.top_ups_total, s.refunds_total};

  ReportTable meters = flow_meters_table(page, c.flow_meters);
  const std::vector<std::string> flow_warnings = flow_meter_warnings(page, c.flow_meters);

  ReportTable products{.id = "cycle-products",
                       .caption = page.text("cycle.products"),
                       .columns = {{page.text("daily.product"), ExportColumnKind::kText},
                                   {page.text("overview.items"), ExportColumnKind::kInteger},
                                   {page.text("cycle.revenue"), ExportColumnKind::kMoney}}};
  std::int64_t items = 0;
  for (const domain::ProductSales& p : s.products) {
    products.rows.push_back({p.product_name, p.quantity, p.revenue});
    products.row_links.push_back("/board/products/" + std::to_string(p.product_id) + "/");
    items += p.quantity;
  }
  products.footer = {page.text("board.total"), items, s.sales_total};

  ReportTable reports{
      .id = "cycle-reports",
      .caption = page.text("cycle.reports"),
      .columns = {{page.text("cycle.report_time"), ExportColumnKind::kDateTime},
                  {page.text("cycle.report_kind"), ExportColumnKind::kText},
                  {page.text("cycles.staff"), ExportColumnKind::kText},
                  {page.text("cycle.counted_cash"), ExportColumnKind::kMoney},
                  {page.format("cycle.meter_n", {{"n", "1"}}), ExportColumnKind::kInteger},
                  {page.format("cycle.meter_n", {{"n", "2"}}), ExportColumnKind::kInteger},
                  {page.text("cycle.comment"), ExportColumnKind::kText}}};
  for (const domain::Report& r : c.reports) {
    reports.rows.push_back({ExportInstant{r.created_at_us}, report_kind(page, r),
                            nickname_of(c.staff, r.personnel_id), r.total_cash, r.flow_meter1,
                            r.flow_meter2, r.comment});
  }

  ReportTable hours{.id = "cycle-hours",
                    .caption = page.text("cycle.per_hour"),
                    .columns = {{page.text("cycle.hour"), ExportColumnKind::kText},
                                {page.text("overview.purchases"), ExportColumnKind::kInteger},
                                {page.text("board.method.balance"), ExportColumnKind::kMoney},
                                {page.text("board.method.cash"), ExportColumnKind::kMoney},
                                {page.text("board.method.pin"), ExportColumnKind::kMoney},
                                {page.text("board.method.unknown"), ExportColumnKind::kMoney},
                                {page.text("board.total"), ExportColumnKind::kMoney}}};
  for (const service::HourSales& hour : dossier.hours) {
    const service::SalesFigures& f = hour.sales;
    hours.rows.push_back({page.date_time(hour.range.start_us), f.count, f.by_method.balance,
                          f.by_method.cash, f.by_method.pin, f.by_method.unknown, f.total});
  }

  const std::vector<ReportTable> dossier_tables = cycle_dossier_tables(page, dossier);
  std::vector<ReportTable> tables = {cash, methods, meters, products, reports, hours};
  tables.insert(tables.end(), dossier_tables.begin(), dossier_tables.end());
  const ReportFormat format = requested_format(page);
  const std::string list = "cycle-" + std::to_string(c.cycle.id);
  if (format != ReportFormat::kHtml) {
    return export_report(page, format, tables, list,
                         format_local_date(local_date_of(c.window_from_us)),
                         format_local_date(local_date_of(c.window_to_us)));
  }
  nlohmann::json view = {
      {"board_tabs", board_tabs_view(page)},
      {"opened", page.date_time(c.window_from_us)},
      {"closed", c.closing ? nlohmann::json(page.date_time(c.closing->created_at_us))
                           : nlohmann::json(false)},
      {"open", c.cycle.is_open()},
      {"imported", c.cycle.imported},
      {"staff", c.staff.empty() ? "—" : staff_names(c.staff)},
      {"cash", report_table_view(page, cash)},
      {"methods", report_table_view(page, methods)},
      {"meters", report_table_view(page, meters)},
      {"flow_warnings", flow_warnings},
      {"has_flow_warnings", !flow_warnings.empty()},
      {"products", report_table_view(page, products)},
      {"reports", report_table_view(page, reports)},
      {"hours", report_table_view(page, hours)},
      {"chart_data", chart_data(page, dossier.hours)},
      {"chart_label", page.format("cycle.chart_label", {{"id", std::to_string(c.cycle.id)}})},
      {"export", export_links_view(page)}};
  nlohmann::json dossier_views = nlohmann::json::array();
  for (const ReportTable& t : dossier_tables) dossier_views.push_back(report_table_view(page, t));
  view["dossier_tables"] = std::move(dossier_views);
  view["flags"] = cycle_dossier_flags(page, dossier);
  view["no_flags"] = view["flags"].empty();
  return render_page_titled(page, "cycle",
                            page.format("cycle.title", {{"id", std::to_string(c.cycle.id)}}),
                            std::move(view));
}

}  // namespace

void register_cycles_routes(Router& router, const WebSite& site) {
  add_page(router, site, Method::kGet, "/board/cycles", show_cycles);
  add_page(router, site, Method::kGet, "/board/cycles/{id}", show_cycle);
}

}  // namespace mamon::http::web
