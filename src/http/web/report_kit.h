// What the board's report pages share (issue 8 item 4, WEB.md §1 "Lists", §2 "Board"): the
// ?start=&end= date-range filter with errors beside its fields, one table model that renders as
// an HTML table (partial _report_table) AND as the CSV/XLSX export (export_table.h), so an export
// holds exactly the tables the page shows, the ?format= switch, and the board's sub-navigation.
// Formatting only: the figures and the permission checks are the services'.
// Pure functions of their arguments; thread-safe.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/local_time.h"
#include "base/result.h"
#include "http/response.h"
#include "http/web/export_table.h"
#include "http/web/page.h"

namespace mamon::http::web {

// ?start=YYYY-MM-DD&end=YYYY-MM-DD: whole local days, end inclusive; both absent (or empty) means
// the current local month (base/local_time.h current_local_month). One given alone keeps the
// other end of the current month (an end before it is an error like any reversed range).
struct DateRangeFilter {
  mamon::LocalDateRange dates;         // valid only when ok()
  std::string start, end;              // what the form shows (the user's input when it was wrong)
  std::string start_error, end_error;  // translated, "" = none

  bool ok() const { return start_error.empty() && end_error.empty(); }
};
DateRangeFilter read_date_range(const Page& page);

// A service's kInvalidInput on field "start" or "end" (a range the report cannot cover: more than
// limits::kReportPeriodsMax days, months or hours) put beside that field of `filter`; true if it
// was one. Any other error stays the caller's.
bool place_range_error(const Page& page, const Error& error, DateRangeFilter& filter);

// {{> _date_range}}'s view (date_range_view of page.h) with the errors beside the fields.
nlohmann::json date_range_filter_view(const Page& page, const DateRangeFilter& filter);

// The error summary ({{> _error_summary}}) of a filter, or false when it has none.
nlohmann::json filter_errors_view(const Page& page, const DateRangeFilter& filter);

// One table of a report page. Columns carry their kind (export_table.h): kMoney and kInteger
// cells are right-aligned on the page, money through page.money(). The first column is the row
// header (<th scope="row">). `footer` (optional, same width) is the totals row.
struct ReportTable {
  std::string id = {};       // HTML id of the <table> (unique on the page)
  std::string caption = {};  // translated; also the XLSX sheet's / CSV section's name
  std::string note = {};     // translated, "" = none: shown under the table
  std::vector<ExportColumn> columns = {};
  std::vector<std::vector<ExportCell>> rows = {};
  std::vector<std::string> row_links = {};  // "" or a local path for each row's first cell
  std::vector<ExportCell> footer = {};      // empty = no totals row
};

// The partial _report_table's view: {id, caption, note, headers[{text, numeric}],
// rows[{cells[{text, numeric, negative, href, header}]}], footer (false or a row)}.
nlohmann::json report_table_view(const Page& page, const ReportTable& table);

// The export table of a ReportTable: its caption as the sheet name, its rows and then its footer.
ExportTable export_table_of(const ReportTable& table);

enum class ReportFormat { kHtml, kCsv, kXlsx };
// ?format=csv / xlsx; anything else (or none) is the HTML page.
ReportFormat requested_format(const Page& page);

// The download of `tables` as CSV (the page language's dialect, export_csv.h) or XLSX (one sheet
// per table), named export_file_name(list, start, end, extension). `format` must not be kHtml
// (CHECK). Errors: the exporters' (kInternal, kInvalidInput for a sheet too large).
Result<Response> export_report(const Page& page, ReportFormat format,
                               std::span<const ReportTable> tables, std::string_view list,
                               std::string_view start, std::string_view end);

// Links to this page's CSV and XLSX export with every current query parameter kept:
// {csv, xlsx} hrefs, for the partial _export_links.
nlohmann::json export_links_view(const Page& page);

// The board's sub-navigation (partial _board_tabs): the report pages, the current one marked.
nlohmann::json board_tabs_view(const Page& page);

// A count with the language's thousands separator: nl "1.234", en "1,234".
std::string format_count(std::int64_t n, Language language);


}  // namespace mamon::http::web
