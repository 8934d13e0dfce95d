#include "http/web/report_kit.h"

#include <type_traits>
#include <variant>

#include "base/check.h"
#include "base/limits.h"
#include "http/web/export_csv.h"
#include "http/web/export_xlsx.h"
#include "http/web/next_path.h"

namespace mamon::http::web {
namespace {

struct CellText {
  std::string text;
  bool negative = false;
};

CellText cell_text(const Page& page, const ExportCell& cell) {
  return std::visit(
      [&](const auto& v) -> CellText {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return {"", false};
        } else if constexpr (std::is_same_v<T, std::string>) {
          return {v, false};
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          return {format_count(v, page.language), v < 0};
        } else if constexpr (std::is_same_v<T, Cents>) {
          return {page.money(v), v.value() < 0};
        } else {
          return {page.date_time(v.at_us), false};
        }
      },
      cell);
}

bool numeric(ExportColumnKind kind) {
  return kind == ExportColumnKind::kMoney || kind == ExportColumnKind::kInteger;
}

nlohmann::json row_view(const Page& page, const ReportTable& table,
                        const std::vector<ExportCell>& cells, std::string_view href) {
  nlohmann::json out = nlohmann::json::array();
  for (std::size_t i = 0; i < cells.size(); ++i) {
    CellText t = cell_text(page, cells[i]);
    const bool is_numeric = i < table.columns.size() && numeric(table.columns[i].kind);
    nlohmann::json cell = {{"text", std::move(t.text)},
                           {"numeric", is_numeric},
                           {"negative", t.negative},
                           {"header", i == 0},
                           {"href", false}};
    if (i == 0 && !href.empty()) cell["href"] = href;
    out.push_back(std::move(cell));
  }
  return {{"cells", std::move(out)}};
}

// One end of the range: "" keeps `fallback`; otherwise the parsed date or an error text.
std::optional<mamon::LocalDate> read_end(const Page& page, std::string_view name,
                                         mamon::LocalDate fallback, std::string& shown,
                                         std::string& error) {
  std::string_view given = page.request.query.get(name).value_or("");
  if (given.empty()) {
    shown = format_local_date(fallback);
    return fallback;
  }
  shown = std::string(given);
  Result<mamon::LocalDate> parsed = parse_local_date(given);
  if (!parsed.ok()) {
    error = page.text("filter.bad_date");
    return std::nullopt;
  }
  return *parsed;
}

}  // namespace

DateRangeFilter read_date_range(const Page& page) {
  DateRangeFilter filter;
  const mamon::LocalDateRange month = current_local_month(page.site.clock.now_us());
  std::optional<mamon::LocalDate> first =
      read_end(page, "start", month.first, filter.start, filter.start_error);
  std::optional<mamon::LocalDate> last =
      read_end(page, "end", month.last, filter.end, filter.end_error);
  if (first && last) {
    if (*last < *first) {
      filter.end_error = page.text("filter.end_before_start");
    } else {
      filter.dates = mamon::LocalDateRange{*first, *last};
    }
  }
  return filter;
}

bool place_range_error(const Page& page, const Error& error, DateRangeFilter& filter) {
  if (error.code != ErrorCode::kInvalidInput || (error.field != "start" && error.field != "end")) {
    return false;
  }
  std::string text =
      page.format("filter.range_too_long", {{"max", std::to_string(limits::kReportPeriodsMax)}});
  (error.field == "start" ? filter.start_error : filter.end_error) = std::move(text);
  return true;
}

nlohmann::json date_range_filter_view(const Page& page, const DateRangeFilter& filter) {
  nlohmann::json view = date_range_view(page, filter.start, filter.end);
  view["start_error"] =
      filter.start_error.empty() ? nlohmann::json(false) : nlohmann::json(filter.start_error);
  view["end_error"] =
      filter.end_error.empty() ? nlohmann::json(false) : nlohmann::json(filter.end_error);
  return view;
}

nlohmann::json filter_errors_view(const Page& page, const DateRangeFilter& filter) {
  if (filter.ok()) return false;
  nlohmann::json items = nlohmann::json::array();
  if (!filter.start_error.empty()) {
    items.push_back({{"text", filter.start_error}, {"href", "#filter-start"}});
  }
  if (!filter.end_error.empty()) {
    items.push_back({{"text", filter.end_error}, {"href", "#filter-end"}});
  }
  return {{"title", page.text("form.error_summary")}, {"items", std::move(items)}};
}

nlohmann::json report_table_view(const Page& page, const ReportTable& table) {
  nlohmann::json headers = nlohmann::json::array();
  for (const ExportColumn& column : table.columns) {
    headers.push_back({{"text", column.header}, {"numeric", numeric(column.kind)}});
  }
  nlohmann::json rows = nlohmann::json::array();
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const std::string href = r < table.row_links.size() ? table.row_links[r] : "";
    rows.push_back(row_view(page, table, table.rows[r], href));
  }
  return {{"id", table.id},
          {"caption", table.caption},
          {"note", table.note.empty() ? nlohmann::json(false) : nlohmann::json(table.note)},
          {"headers", std::move(headers)},
          {"rows", std::move(rows)},
          {"empty", table.rows.empty() ? nlohmann::json(page.text("report.no_rows"))
                                       : nlohmann::json(false)},
          {"colspan", std::to_string(table.columns.size())},
          {"footer",
           table.footer.empty() ? nlohmann::json(false) : row_view(page, table, table.footer, "")}};
}

ExportTable export_table_of(const ReportTable& table) {
  ExportTable out{table.caption, table.columns, table.rows};
  if (!table.footer.empty()) out.rows.push_back(table.footer);
  return out;
}

ReportFormat requested_format(const Page& page) {
  std::string_view format = page.request.query.get("format").value_or("");
  if (format == "csv") return ReportFormat::kCsv;
  if (format == "xlsx") return ReportFormat::kXlsx;
  return ReportFormat::kHtml;
}

Result<Response> export_report(const Page& page, ReportFormat format,
                               std::span<const ReportTable> tables, std::string_view list,
                               std::string_view start, std::string_view end) {
  MAMON_CHECK_MSG(format != ReportFormat::kHtml, "export_report needs csv or xlsx");
  std::vector<ExportTable> export_tables;
  export_tables.reserve(tables.size());
  for (const ReportTable& table : tables) export_tables.push_back(export_table_of(table));
  if (format == ReportFormat::kCsv) {
    MAMON_TRY(std::string body,
              export_csv(export_tables, csv_dialect_for_language(language_code(page.language))));
    return export_download_response(std::move(body), kCsvContentType,
                                    export_file_name(list, start, end, "csv"));
  }
  MAMON_TRY(std::string body, export_xlsx(export_tables));
  return export_download_response(std::move(body), kXlsxContentType,
                                  export_file_name(list, start, end, "xlsx"));
}

nlohmann::json export_links_view(const Page& page) {
  return {{"csv", path_with_param(page, "format", "csv")},
          {"xlsx", path_with_param(page, "format", "xlsx")}};
}

nlohmann::json board_tabs_view(const Page& page) {
  nlohmann::json tabs = nlohmann::json::array();
  auto tab = [&](std::string_view href, std::string_view key, bool current) {
    tabs.push_back({{"href", href}, {"label", page.text(key)}, {"current", current}});
  };
  const std::string& path = page.request.path;
  const bool daily = path.starts_with("/board/daily");
  const bool cycles = path.starts_with("/board/cycles");
  const bool purchases = path.starts_with("/board/purchases");
  const bool holders = path.starts_with("/board/holders");
  tab("/board/", "board.tab.overview",
      !daily && !cycles && !purchases && !holders && !path.starts_with("/board/products"));
  tab("/board/daily/", "board.tab.daily", daily);
  tab("/board/cycles/", "board.tab.cycles", cycles);
  tab("/board/purchases/", "nav.board_purchases", purchases);
  tab("/board/holders/", "nav.board_holders", holders);
  return {{"label", page.text("board.tabs")}, {"items", std::move(tabs)}};
}

std::string format_count(std::int64_t n, Language language) {
  const bool negative = n < 0;
  std::uint64_t magnitude =
      negative ? static_cast<std::uint64_t>(-(n + 1)) + 1 : static_cast<std::uint64_t>(n);
  std::string digits = std::to_string(magnitude);
  const char separator = language == Language::kNl ? '.' : ',';
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(separator);
    out.push_back(digits[i]);
  }
  return negative ? "-" + out : out;
}

}  // namespace mamon::http::web
