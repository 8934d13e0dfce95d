// CSV export of list and report tables (WEB.md §1 "Lists"): what Dutch and English spreadsheet
// programs open as they are.
//
//  - UTF-8 with a byte-order mark (so Excel reads UTF-8), CRLF line ends (RFC 4180), a header row.
//  - Dutch: ';' between fields and a decimal comma ("-1234,50"); English: ',' and a point
//    ("-1234.50"). Amounts are euros with exactly two decimals from integer cents (no floating
//    point), without a currency sign or thousands separator, so a spreadsheet reads a number.
//    Integers are plain digits; date-times "YYYY-MM-DD HH:MM" in TIME_ZONE (export_table.h).
//  - RFC 4180 quoting: a field holding the separator, '"', CR or LF is put in double quotes, with
//    each '"' doubled.
//  - Formula injection (CWE-1236): a text cell whose first character is '=', '+', '-', '@', TAB or
//    CR gets a leading apostrophe ("'=SUM(A1)"), which spreadsheets show as text and never
//    evaluate. Only text cells: numbers we format ourselves (a negative amount) are left alone.
//  - Several tables: each starts with a row holding its sheet name, with an empty line between
//    them (the XLSX export puts them on separate sheets instead).
// Pure functions; thread-safe.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "base/money.h"
#include "base/result.h"
#include "http/web/export_table.h"

namespace mamon::http::web {

inline constexpr std::string_view kCsvContentType = "text/csv; charset=utf-8";

struct CsvDialect {
  char separator = ';';
  char decimal_mark = ',';
};

// "nl" (and anything not English) -> ';' and ','; "en" (or "en-GB", "en_US") -> ',' and '.'.
CsvDialect csv_dialect_for_language(std::string_view language);

// "1234,50" / "-0,05" / "0,00" with the given decimal mark.
std::string format_csv_euros(Cents amount, char decimal_mark);

// The whole file, BOM first. Errors: those of validate_export_tables (kInternal).
Result<std::string> export_csv(std::span<const ExportTable> tables, CsvDialect dialect);
Result<std::string> export_csv(const ExportTable& table, CsvDialect dialect);

}  // namespace mamon::http::web
