// GET /board/products/{id}/: one product's items and revenue on every local day of a date range
// (?start=&end=, default the current month), with totals (docs/reports.md "One product");
// ?format=csv|xlsx exports that table (mamon-product-<id>-<start>-<end>.<ext>).
#include <vector>

#include "http/web/page.h"
#include "http/web/pages.h"
#include "http/web/report_kit.h"
#include "service/board_reports_service.h"

namespace mamon::http::web {
namespace {

Result<Response> show_product_sales(Page& page) {
  const std::int64_t product_id = page.request.path_int("id");
  DateRangeFilter filter = read_date_range(page);
  const mamon::LocalDate today = local_date_of(page.site.clock.now_us());
  // Asked also for a wrong filter: the permission and the product's existence come first.
  Result<service::ProductSales> sales =
      service::product_sales(page.site.database, page.caller(), product_id,
                             filter.ok() ? filter.dates : mamon::LocalDateRange{today, today});
  if (!sales.ok() && sales.error().code == ErrorCode::kProductNotFound) {
    return error_page(page, 404, page.error_text(sales.error()));  // the page does not exist
  }
  if (!sales.ok() && !place_range_error(page, sales.error(), filter)) return sales.error();
  const std::string title =
      sales.ok() ? page.format("product_sales.title", {{"name", sales->product.name}})
                 : page.text("product_sales.title_plain");
  nlohmann::json view = {{"board_tabs", board_tabs_view(page)},
                         {"date_range", date_range_filter_view(page, filter)},
                         {"errors", filter_errors_view(page, filter)},
                         {"export", false},
                         {"sales", false}};
  if (!filter.ok()) return render_page_titled(page, "product_sales", title, std::move(view), 422);

  const service::ProductSales& p = *sales;
  ReportTable t{.id = "product-days",
                .caption = page.format("product_sales.caption",
                                       {{"name", p.product.name},
                                        {"start", page.date(start_of_local_day(p.dates.first))},
                                        {"end", page.date(start_of_local_day(p.dates.last))}}),
                .columns = {{page.text("product_sales.day"), ExportColumnKind::kText},
                            {page.text("overview.items"), ExportColumnKind::kInteger},
                            {page.text("cycle.revenue"), ExportColumnKind::kMoney}}};
  for (const service::ProductDay& d : p.days) {
    t.rows.push_back({page.date(start_of_local_day(d.date)), d.quantity, d.revenue});
  }
  t.footer = {page.text("board.total"), p.quantity, p.revenue};
  const ReportFormat format = requested_format(page);
  if (format != ReportFormat::kHtml) {
    return export_report(page, format, std::span<const ReportTable>(&t, 1),
                         "product-" + std::to_string(product_id), filter.start, filter.end);
  }
  view["sales"] = {{"table", report_table_view(page, t)},
                   {"price", page.money(p.product.price)},
                   {"active", p.product.active},
                   {"ledger_account", p.product.grootboek_waarde.value_or("—")},
                   {"quantity", format_count(p.quantity, page.language)},
                   {"revenue", page.money(p.revenue)}};
  view["export"] = export_links_view(page);
  return render_page_titled(page, "product_sales", title, std::move(view));
}

}  // namespace

void register_product_sales_routes(Router& router, const WebSite& site) {
  add_page(router, site, Method::kGet, "/board/products/{id}", show_product_sales);
}

}  // namespace mamon::http::web
