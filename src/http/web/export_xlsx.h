// XLSX export of list and report tables (WEB.md §1 "Lists") through Debian's libxlsxwriter 1.1.
//
// One sheet per table, in order, named after ExportTable::sheet_name (characters Excel refuses,
// []:*?/\, become ' ', leading/trailing apostrophes are dropped, the name is cut to 31 characters,
// an empty name becomes "Sheet N", a name already used (case-insensitively) gets " (2)", " (3)").
// Row 1 holds the headers in bold and is frozen; column widths come from ExportColumn::width_chars
// or the longest header/cell (8..60 characters). Cells: text as text (never a formula: a string
// cell is not evaluated, so no apostrophe is added as in the CSV), integers as numbers, date-times
// as real dates formatted "yyyy-mm-dd hh:mm" (in TIME_ZONE, export_table.h), money as a number of
// euros with the format kXlsxEuroFormat. The euro value, cents / 100 as a double, is the one place
// a floating-point number is made from money in Mamon: at the very edge, for the spreadsheet
// cell, which stores IEEE doubles anyway; it is exact to the cent for every amount below 2^53
// cents. Integers beyond 2^53 would lose precision the same way (no count comes near).
//
// libxlsxwriter 1.1 writes files only: the workbook (and the library's own scratch files, via
// lxw_workbook_options.tmpdir) goes into a private directory made with mkdtemp (mode 0700) under
// the system temp dir (TMPDIR), its bytes are read back and the directory is removed on every
// path, errors included. Thread-safe: each call has its own workbook and directory.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "http/web/export_table.h"

namespace mamon::http::web {

inline constexpr std::string_view kXlsxContentType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// The money cells' number format: the euro sign, thousands separators, two decimals, negative
// amounts with a minus (Excel shows the separators of the reader's locale).
inline constexpr std::string_view kXlsxEuroFormat = "\"€\" #,##0.00;\"€\" -#,##0.00";
inline constexpr std::string_view kXlsxDateTimeFormat = "yyyy-mm-dd hh:mm";

// The .xlsx file's bytes. Errors: those of validate_export_tables and an empty `tables`
// (kInternal); kInvalidInput
// when a table has more rows than a sheet holds (1,048,575 below the header) or more than 16,384
// columns, or a text cell is longer than Excel's 32,767 characters; kInternal when the temporary
// directory or file cannot be made, written or read (the message says why).
Result<std::string> export_xlsx(std::span<const ExportTable> tables);
Result<std::string> export_xlsx(const ExportTable& table);

// The sheet names export_xlsx() gives these tables (the rules above), for tests and links.
std::vector<std::string> xlsx_sheet_names(std::span<const ExportTable> tables);

}  // namespace mamon::http::web
