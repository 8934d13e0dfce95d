// The neutral table model the list and report pages fill for their CSV and XLSX exports
// (export_csv.h, export_xlsx.h), and what both exports share: validation, the download's file
// name and its response (WEB.md §1 "Lists", §2b "Exports").
//
// The caller translates headers and sheet names into the user's language and puts exactly the
// filtered rows (all pages) in. Cells carry their own type; a column's kind says which cell type
// it holds, so an exporter can format and align the whole column (and an empty cell,
// std::monostate, is allowed in any column):
//   kText      std::string (UTF-8), written as text, never interpreted
//   kInteger   std::int64_t (quantities, counts, ids)
//   kMoney     Cents, written as euros with two decimals (CSV) or a euro-formatted number (XLSX)
//   kDateTime  ExportInstant (formatted in the process's TIME_ZONE, see base/clock.h) or a
//              std::string the caller formatted already
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/clock.h"
#include "base/money.h"
#include "base/result.h"
#include "http/response.h"

namespace mamon::http::web {

enum class ExportColumnKind { kText, kInteger, kMoney, kDateTime };

struct ExportColumn {
  std::string header;  // already translated
  ExportColumnKind kind = ExportColumnKind::kText;
  int width_chars = 0;  // XLSX column width; 0: from the longest header or cell (bounded)
};

// An instant for a kDateTime column: shown as local "YYYY-MM-DD HH:MM" in TIME_ZONE.
struct ExportInstant {
  TimestampUs at_us = 0;
};

using ExportCell = std::variant<std::monostate, std::string, std::int64_t, Cents, ExportInstant>;

struct ExportTable {
  std::string sheet_name;  // the XLSX sheet's name (and the CSV section title when several)
  std::vector<ExportColumn> columns;
  std::vector<std::vector<ExportCell>> rows;  // each row has exactly columns.size() cells
};

// kInternal (a bug in the page that filled it) when a table has no columns, a row's width differs
// from the column count, or a cell's type does not fit its column's kind. Both exporters call it.
Status validate_export_tables(std::span<const ExportTable> tables);

// Local wall time of an instant in the process's zone, split for the exporters.
struct ExportLocalTime {
  int year, month, day, hour, minute, second;
};
ExportLocalTime export_local_time(ExportInstant instant);

// "2026-11-23 21:05" (seconds shown only when not zero: "2026-11-23 21:05:07").
std::string format_export_instant(ExportInstant instant);

// "mamon-<list>-<start>-<end>.<extension>", e.g. ("purchases", "2026-11-01", "2026-11-30", "csv")
// -> "mamon-purchases-2026-11-01-2026-11-30.csv". Every byte outside [A-Za-z0-9._-] in the parts
// becomes '-', so the name is safe in a header and on any file system; an empty start or end is
// left out with its dash.
std::string export_file_name(std::string_view list, std::string_view start, std::string_view end,
                             std::string_view extension);

// 200 with the body, `content_type`, `Content-Disposition: attachment; filename="<file_name>"`
// (file_name is sanitised as above) and `Cache-Control: no-store` (exports hold personal data).
Response export_download_response(std::string body, std::string_view content_type,
                                  std::string_view file_name);

}  // namespace mamon::http::web
