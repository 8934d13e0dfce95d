// GET /board/daily/: the daily grid (WEB.md §2, docs/reports.md "Daily grid"): products × local
// days or months of a date range, in euros or items, optionally one category's products, with
// row, column and grand totals. Filters ?start=&end=&per=day|month&measure=euros|items&category=N
// stay in the query string; ?format=csv|xlsx exports the grid (mamon-daily-<start>-<end>.<ext>).
#include <charconv>
#include <vector>

#include "http/web/page.h"
#include "http/web/pages.h"
#include "http/web/report_kit.h"
#include "service/board_reports_service.h"
#include "service/products_service.h"

namespace mamon::http::web {
namespace {

struct GridFilter {
  DateRangeFilter range;
  service::GridGranularity granularity = service::GridGranularity::kDay;
  service::GridMeasure measure = service::GridMeasure::kCents;
  std::optional<std::int64_t> category_id = std::nullopt;
};

GridFilter read_grid_filter(const Page& page) {
  GridFilter f{read_date_range(page)};
  if (page.request.query.get("per").value_or("") == "month") {
    f.granularity = service::GridGranularity::kMonth;
  }
  if (page.request.query.get("measure").value_or("") == "items") {
    f.measure = service::GridMeasure::kQuantity;
  }
  std::string_view category = page.request.query.get("category").value_or("");
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(category.data(), category.data() + category.size(), id);
  if (!category.empty() && ec == std::errc() && end == category.data() + category.size() &&
      id > 0) {
    f.category_id = id;
  }
  return f;
}

nlohmann::json option(std::string value, std::string label, bool selected) {
  return {{"value", std::move(value)}, {"label", std::move(label)}, {"selected", selected}};
}

nlohmann::json selects_view(const Page& page, const GridFilter& f,
                            const std::vector<domain::Category>& categories) {
  const bool months = f.granularity == service::GridGranularity::kMonth;
  const bool items = f.measure == service::GridMeasure::kQuantity;
  nlohmann::json category_options = nlohmann::json::array();
  category_options.push_back(option("", page.text("daily.all_categories"), !f.category_id));
  for (const domain::Category& c : categories) {
    category_options.push_back(option(std::to_string(c.id), c.name, f.category_id == c.id));
  }
  return nlohmann::json::array({{{"id", "filter-per"},
                                 {"name", "per"},
                                 {"label", page.text("daily.per")},
                                 {"options",
                                  {option("day", page.text("daily.per_day"), !months),
                                   option("month", page.text("daily.per_month"), months)}}},
                                {{"id", "filter-measure"},
                                 {"name", "measure"},
                                 {"label", page.text("daily.measure")},
                                 {"options",
                                  {option("euros", page.text("daily.measure_euros"), !items),
                                   option("items", page.text("daily.measure_items"), items)}}},
                                {{"id", "filter-category"},
                                 {"name", "category"},
                                 {"label", page.text("daily.category")},
                                 {"options", std::move(category_options)}}});
}

std::string period_header(const Page& page, const service::GridPeriod& p, bool months) {
  if (!months) return page.date(p.range.start_us);
  return page.format("daily.month_header",
                     {{"month", page.text("month." + std::to_string(p.first.month))},
                      {"year", std::to_string(p.first.year)}});
}

ReportTable grid_table(const Page& page, const service::DailyGrid& grid, bool months,
                       const std::string& range_text, const std::string& range_query) {
  const bool money = grid.measure == service::GridMeasure::kCents;
  const ExportColumnKind kind = money ? ExportColumnKind::kMoney : ExportColumnKind::kInteger;
  auto cell = [&](std::int64_t v) -> ExportCell {
    if (money) return Cents(v);
    return v;
  };
  ReportTable t{.id = "daily-grid",
                .caption = page.format(money ? "daily.caption_euros" : "daily.caption_items",
                                       {{"range", range_text}}),
                .columns = {{page.text("daily.product"), ExportColumnKind::kText}}};
  for (const service::GridPeriod& p : grid.periods) {
    t.columns.push_back({period_header(page, p, months), kind});
  }
  t.columns.push_back({page.text("board.total"), kind});
  for (const service::GridRow& row : grid.rows) {
    std::vector<ExportCell> cells = {row.product_name};
    for (std::int64_t v : row.cells) cells.push_back(cell(v));
    cells.push_back(cell(row.total));
    t.rows.push_back(std::move(cells));
    t.row_links.push_back("/board/products/" + std::to_string(row.product_id) + "/" + range_query);
  }
  t.footer = {page.text("board.total")};
  for (std::int64_t v : grid.column_totals) t.footer.push_back(cell(v));
  t.footer.push_back(cell(grid.grand_total));
  return t;
}

Result<Response> show_daily(Page& page) {
  GridFilter f = read_grid_filter(page);
  const mamon::LocalDate today = local_date_of(page.site.clock.now_us());
  service::GridRequest request{
      .dates = f.range.ok() ? f.range.dates : mamon::LocalDateRange{today, today},
      .granularity = f.granularity,
      .measure = f.measure,
      .category_id = f.category_id};
  // Asked also for a wrong filter: the permission comes first.
  Result<service::DailyGrid> grid = service::daily_grid(page.site.database, page.caller(), request);
  if (!grid.ok() && !place_range_error(page, grid.error(), f.range)) return grid.error();
  MAMON_TRY(std::vector<domain::Category> categories,
            service::list_categories(page.site.database, service::ProductFilter::kActive));

  nlohmann::json range_view = date_range_filter_view(page, f.range);
  range_view["selects"] = selects_view(page, f, categories);
  nlohmann::json hidden = nlohmann::json::array();
  for (const auto& [name, value] : page.request.query.entries()) {
    if (name != "start" && name != "end" && name != "page" && name != "per" && name != "measure" &&
        name != "category" && name != "format") {
      hidden.push_back({{"name", name}, {"value", value}});
    }
  }
  range_view["hidden"] = std::move(hidden);
  nlohmann::json view = {{"board_tabs", board_tabs_view(page)},
                         {"date_range", std::move(range_view)},
                         {"errors", filter_errors_view(page, f.range)},
                         {"export", false},
                         {"grid", false}};
  if (!f.range.ok()) return render_page(page, "daily", "daily.title", std::move(view), 422);

  const bool months = f.granularity == service::GridGranularity::kMonth;
  const std::string range_text =
      page.format("overview.range", {{"start", page.date(start_of_local_day(f.range.dates.first))},
                                     {"end", page.date(start_of_local_day(f.range.dates.last))}});
  const std::string range_query = "?start=" + format_local_date(f.range.dates.first) +
                                  "&end=" + format_local_date(f.range.dates.last);
  ReportTable table = grid_table(page, *grid, months, range_text, range_query);
  const ReportFormat format = requested_format(page);
  if (format != ReportFormat::kHtml) {
    return export_report(page, format, std::span<const ReportTable>(&table, 1), "daily",
                         f.range.start, f.range.end);
  }
  view["grid"] = report_table_view(page, table);
  view["export"] = export_links_view(page);
  return render_page(page, "daily", "daily.title", std::move(view));
}

}  // namespace

void register_daily_routes(Router& router, const WebSite& site) {
  add_page(router, site, Method::kGet, "/board/daily", show_daily);
}

}  // namespace mamon::http::web
