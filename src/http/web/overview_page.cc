// GET /board/: the board's overview of a date range (WEB.md §2, docs/reports.md "Overview"):
// sales by buyer × method, by ledger account × method, by category × method, top-ups and refunds
// by method, and the wallet reconciliation with its "balances" check. ?format=csv|xlsx exports
// exactly these tables (mamon-overview-<start>-<end>.<ext>).
#include <vector>

#include "http/web/page.h"
#include "http/web/pages.h"
#include "http/web/report_kit.h"
#include "service/board_reports_service.h"

namespace mamon::http::web {
namespace {

using Row = std::vector<ExportCell>;

ExportColumn money_column(const Page& page, std::string_view key) {
  return {page.text(key), ExportColumnKind::kMoney};
}
ExportColumn count_column(const Page& page, std::string_view key) {
  return {page.text(key), ExportColumnKind::kInteger};
}
ExportColumn text_column(const Page& page, std::string_view key) {
  return {page.text(key), ExportColumnKind::kText};
}

// "<label>, count, wallet, cash, PIN, unknown, total" columns of a "× method" table.
std::vector<ExportColumn> sales_columns(const Page& page, std::string_view label_key,
                                        std::string_view count_key) {
  return {text_column(page, label_key),
          count_column(page, count_key),
          money_column(page, "board.method.balance"),
          money_column(page, "board.method.cash"),
          money_column(page, "board.method.pin"),
          money_column(page, "board.method.unknown"),
          money_column(page, "board.total")};
}

Row sales_row(std::string label, const service::SalesFigures& s) {
  return {std::move(label),    s.count, s.by_method.balance, s.by_method.cash, s.by_method.pin,
          s.by_method.unknown, s.total};
}

ReportTable sales_table(const Page& page, const service::Overview& o) {
  ReportTable t{.id = "overview-sales",
                .caption = page.text("overview.sales"),
                .columns = sales_columns(page, "overview.buyer", "overview.purchases")};
  t.rows.push_back(sales_row(page.text("overview.members"), o.by_buyer.members));
  t.rows.push_back(sales_row(page.text("overview.visitors"), o.by_buyer.visitors));
  t.rows.push_back(sales_row(page.text("overview.anonymous"), o.by_buyer.anonymous));
  t.footer = sales_row(page.text("board.total"), o.sales);
  return t;
}

ReportTable ledger_table(const Page& page, const service::Overview& o) {
  ReportTable t{.id = "overview-ledger",
                .caption = page.text("overview.by_ledger_account"),
                .note = page.text("overview.ledger_note"),
                .columns = sales_columns(page, "overview.ledger_account", "overview.items")};
  std::int64_t items = 0, balance = 0, cash = 0, pin = 0, unknown = 0, total = 0;
  for (const service::LedgerAccountSales& a : o.by_ledger_account) {
    t.rows.push_back(
        sales_row(a.ledger_account.value_or(page.text("overview.no_ledger_account")), a.sales));
    items += a.sales.count;
    balance += a.sales.by_method.balance.value();
    cash += a.sales.by_method.cash.value();
    pin += a.sales.by_method.pin.value();
    unknown += a.sales.by_method.unknown.value();
    total += a.sales.total.value();
  }
  // Accounts never overlap: these sums are the sales (docs/reports.md).
  t.footer = {page.text("board.total"), items,       Cents(balance), Cents(cash), Cents(pin),
              Cents(unknown),           Cents(total)};
  return t;
}

ReportTable category_table(const Page& page, const service::Overview& o) {
  ReportTable t{.id = "overview-categories",
                .caption = page.text("overview.by_category"),
                .note = page.text("overview.category_note"),
                .columns = sales_columns(page, "overview.category", "overview.items")};
  for (const service::CategorySales& c : o.by_category) {
    t.rows.push_back(
        sales_row(c.category_id ? c.category_name : page.text("overview.no_category"), c.sales));
  }
  return t;  // no totals row: categories overlap
}

ReportTable upgrades_table(const Page& page, std::string id, std::string_view caption_key,
                           const service::UpgradeFigures& u, bool with_mollie) {
  ReportTable t{
      .id = std::move(id),
      .caption = page.text(caption_key),
      .columns = {text_column(page, "overview.method"), money_column(page, "overview.amount")}};
  t.rows.push_back({page.text("board.method.cash"), u.by_method.cash});
  t.rows.push_back({page.text("board.method.pin"), u.by_method.pin});
  if (with_mollie) t.rows.push_back({page.text("board.method.mollie"), u.by_method.mollie});
  t.rows.push_back({page.text("board.method.unknown"), u.by_method.unknown});
  t.footer = {
      page.format("overview.total_count", {{"count", format_count(u.count, page.language)}}),
      u.total};
  return t;
}

// "Top-ups · cash drawer": the kind's and the counter account's names when the catalogue has
// them, else the raw names (kinds added later still show).
std::string movement_label(const Page& page, const service::ReconciliationLine& line) {
  const std::string kind_key = "reconciliation.kind." + line.kind;
  const std::string account_key = "reconciliation.account." + line.counter_account;
  const std::string kind =
      page.site.catalogue.has(page.language, kind_key) ? page.text(kind_key) : line.kind;
  const std::string account = page.site.catalogue.has(page.language, account_key)
                                  ? page.text(account_key)
                                  : line.counter_account;
  return kind + " · " + account;
}

ReportTable reconciliation_table(const Page& page, const service::Overview& o) {
  const service::Reconciliation& r = o.reconciliation;
  ReportTable t{.id = "overview-reconciliation",
                .caption = page.text("overview.reconciliation"),
                .columns = {text_column(page, "reconciliation.movement"),
                            count_column(page, "reconciliation.transfers"),
                            money_column(page, "reconciliation.into"),
                            money_column(page, "reconciliation.out"),
                            money_column(page, "reconciliation.net")}};
  t.rows.push_back({page.format("reconciliation.opening",
                                {{"date", page.date(start_of_local_day(o.dates.first))}}),
                    std::monostate{}, std::monostate{}, std::monostate{}, r.opening});
  for (const service::ReconciliationLine& line : r.lines) {
    t.rows.push_back({movement_label(page, line), line.transfers, line.into_wallets,
                      line.out_of_wallets, line.net});
  }
  t.rows.push_back({page.text("reconciliation.movements"), std::monostate{}, std::monostate{},
                    std::monostate{}, r.movements_net});
  t.footer = {page.format("reconciliation.closing",
                          {{"date", page.date(start_of_local_day(o.dates.last))}}),
              std::monostate{}, std::monostate{}, std::monostate{}, r.closing};
  return t;
}

Result<Response> show_overview(Page& page) {
  DateRangeFilter filter = read_date_range(page);
  std::optional<service::Overview> overview;
  if (filter.ok()) {
    Result<service::Overview> read =
        service::overview(page.site.database, page.caller(), filter.dates);
    if (!read.ok() && !place_range_error(page, read.error(), filter)) return read.error();
    if (read.ok()) overview = std::move(*read);
  } else {
    // The permission comes first, also for a wrong filter: an empty but valid range asks.
    const mamon::LocalDate today = local_date_of(page.site.clock.now_us());
    Result<service::Overview> allowed =
        service::overview(page.site.database, page.caller(), {today, today});
    if (!allowed.ok()) return allowed.error();
  }
  nlohmann::json view = {{"board_tabs", board_tabs_view(page)},
                         {"date_range", date_range_filter_view(page, filter)},
                         {"errors", filter_errors_view(page, filter)},
                         {"export", false},
                         {"figures", false}};
  if (!overview) return render_page(page, "overview", "overview.title", std::move(view), 422);

  std::vector<ReportTable> tables = {
      sales_table(page, *overview),
      ledger_table(page, *overview),
      category_table(page, *overview),
      upgrades_table(page, "overview-top-ups", "overview.top_ups", overview->top_ups, true),
      upgrades_table(page, "overview-refunds", "overview.refunds", overview->refunds, false),
      reconciliation_table(page, *overview)};
  const ReportFormat format = requested_format(page);
  if (format != ReportFormat::kHtml) {
    return export_report(page, format, tables, "overview", filter.start, filter.end);
  }
  const service::Reconciliation& r = overview->reconciliation;
  nlohmann::json figures = {
      {"range", page.format("overview.range", {{"start", page.date(overview->range.start_us)},
                                               {"end", page.date(overview->range.end_us - 1)}})},
      {"sales_total", page.money(overview->sales.total)},
      {"purchases", format_count(overview->sales.count, page.language)},
      {"opening", page.money(r.opening)},
      {"closing", page.money(r.closing)},
      {"balances", r.balances},
      {"difference",
       page.money(Cents(r.opening.value() + r.movements_net.value() - r.closing.value()))}};
  nlohmann::json table_views = nlohmann::json::array();
  for (const ReportTable& t : tables) table_views.push_back(report_table_view(page, t));
  figures["sales"] = table_views[0];
  figures["ledger"] = table_views[1];
  figures["categories"] = table_views[2];
  figures["top_ups"] = table_views[3];
  figures["refunds"] = table_views[4];
  figures["reconciliation"] = table_views[5];
  view["figures"] = std::move(figures);
  view["export"] = export_links_view(page);
  return render_page(page, "overview", "overview.title", std::move(view));
}

}  // namespace

void register_overview_routes(Router& router, const WebSite& site) {
  add_page(router, site, Method::kGet, "/board", show_overview);
}

}  // namespace mamon::http::web
