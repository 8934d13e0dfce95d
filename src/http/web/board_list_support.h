// What the board's list pages (purchases_page.cc, holders_page.cc) share: reading their filters
// from the query string with an error per field (a bad filter re-renders the page with 422 and
// the message beside the field, never a 500), links that keep the other filters, the error
// summary, and the ?format=csv|xlsx export answer (export_csv.h, export_xlsx.h).
// Pure functions over the Page; thread-safe.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/local_time.h"
#include "base/result.h"
#include "http/response.h"
#include "http/web/export_table.h"
#include "http/web/page.h"

namespace mamon::http::web {

// Rows per page of the board's lists.
inline constexpr std::int64_t kBoardListPageSize = 50;

// Translated messages by query parameter name ("start", "seller"...); empty = the filters are
// fine.
using FieldErrors = std::map<std::string, std::string>;

// ?start=&end= as whole local days, end inclusive; both absent or empty: the current local
// month. `start` / `end` are the form's values (what the user typed, for re-rendering).
struct ListDateRange {
  LocalDateRange range;
  std::string start, end;
};
// Errors: "start"/"end" not a date (board_list.bad_date), the end before the start
// (board_list.end_before_start, on "end"). On an error `range` is the current month.
ListDateRange parse_date_range_filter(const Page& page, FieldErrors& errors);

// The filter's whole local days as instants [start_us, end_us) for a service filter.
TimeRange list_time_span(const ListDateRange& range);

// A service's refusal of a list's date range beside its field: on "start" the range holds more
// rows than an export may (board_list.too_many_rows), on "end" the end is before the start. False
// (errors untouched) for any other error.
bool date_range_error(const Page& page, const Error& error, FieldErrors& errors);

// An optional id: absent or "" -> none; else a whole number >= 1 (board_list.bad_number).
std::optional<std::int64_t> parse_id_param(const Page& page, std::string_view name,
                                           FieldErrors& errors);

// ?page=N, 1 when absent or not a number from 1 to 10^9.
std::int64_t parse_page_param(const Page& page);

enum class ExportFormat { kNone, kCsv, kXlsx };
// ?format= absent/"" -> kNone, "csv", "xlsx"; anything else an error on "format".
ExportFormat parse_export_format(const Page& page, FieldErrors& errors);

// `path` with the request's query parameters, those named in `set` replaced (an empty value
// drops the parameter), and `drop` left out ("page", "format"...).
std::string link_with(const Page& page, std::string_view path,
                      std::initializer_list<std::pair<std::string_view, std::string>> set,
                      std::initializer_list<std::string_view> drop = {"page", "format"});

// {{> _error_summary}} for `errors` in the order of `fields` (links to "#filter-<name>"); false
// when there are none.
nlohmann::json error_summary_view(const Page& page, const FieldErrors& errors,
                                  std::initializer_list<std::string_view> fields);

// The error text of field `name`, or false (so that templates never look it up further out).
nlohmann::json error_or_false(const FieldErrors& errors, std::string_view name);

// The download of `table` as CSV (in the page's language's dialect) or XLSX, named
// mamon-<list>-<start>-<end>.<csv|xlsx>. `format` must not be kNone.
Result<Response> export_answer(const Page& page, const ExportTable& table, std::string_view list,
                               std::string_view start, std::string_view end, ExportFormat format);

// Appends a column to an export, headed by the translation of `label_key`.
void add_export_column(const Page& page, ExportTable& table, std::string_view label_key,
                       ExportColumnKind kind);

// The export links of a list page: [{label, href}] for CSV and XLSX with the current filters.
nlohmann::json list_export_links_view(const Page& page);

}  // namespace mamon::http::web
