#include "http/web/export_table.h"

#include <cstdio>
#include <ctime>
#include <type_traits>

namespace mamon::http::web {
namespace {

bool cell_fits(const ExportCell& cell, ExportColumnKind kind) {
  if (std::holds_alternative<std::monostate>(cell)) return true;
  switch (kind) {
    case ExportColumnKind::kText:
      return std::holds_alternative<std::string>(cell);
    case ExportColumnKind::kInteger:
      return std::holds_alternative<std::int64_t>(cell);
    case ExportColumnKind::kMoney:
      return std::holds_alternative<Cents>(cell);
    case ExportColumnKind::kDateTime:
      return std::holds_alternative<ExportInstant>(cell) ||
             std::holds_alternative<std::string>(cell);
  }
  return false;
}

std::string safe_part(std::string_view part) {
  std::string out;
  out.reserve(part.size());
  for (char c : part) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    out += ok ? c : '-';
  }
  return out;
}

}  // namespace

Status validate_export_tables(std::span<const ExportTable> tables) {
  for (const ExportTable& table : tables) {
    if (table.columns.empty()) {
      return make_error(ErrorCode::kInternal,
                        "export table '" + table.sheet_name + "' has no columns");
    }
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
      const auto& row = table.rows[r];
      if (row.size() != table.columns.size()) {
        return make_error(ErrorCode::kInternal, "export table '" + table.sheet_name + "' row " +
                                                    std::to_string(r) + " has " +
                                                    std::to_string(row.size()) + " cells, not " +
                                                    std::to_string(table.columns.size()));
      }
      for (std::size_t c = 0; c < row.size(); ++c) {
        if (!cell_fits(row[c], table.columns[c].kind)) {
          return make_error(ErrorCode::kInternal,
                            "export table '" + table.sheet_name + "' row " + std::to_string(r) +
                                " column '" + table.columns[c].header + "': wrong cell type");
        }
      }
    }
  }
  return ok_status();
}

ExportLocalTime export_local_time(ExportInstant instant) {
  std::int64_t seconds = instant.at_us / 1'000'000;
  if (instant.at_us % 1'000'000 < 0) seconds -= 1;  // floor for instants before 1970
  std::time_t tt = static_cast<std::time_t>(seconds);
  std::tm local{};
  ::localtime_r(&tt, &local);
  return {local.tm_year + 1900, local.tm_mon + 1, local.tm_mday,
          local.tm_hour,        local.tm_min,     local.tm_sec};
}

std::string format_export_instant(ExportInstant instant) {
  ExportLocalTime t = export_local_time(instant);
  char buf[40];
  if (t.second != 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", t.year, t.month, t.day, t.hour,
                  t.minute, t.second);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", t.year, t.month, t.day, t.hour,
                  t.minute);
  }
  return buf;
}

std::string export_file_name(std::string_view list, std::string_view start, std::string_view end,
                             std::string_view extension) {
  std::string name = "mamon-" + safe_part(list);
  if (!start.empty()) name += "-" + safe_part(start);
  if (!end.empty()) name += "-" + safe_part(end);
  name += "." + safe_part(extension);
  return name;
}

Response export_download_response(std::string body, std::string_view content_type,
                                  std::string_view file_name) {
  Response response = Response::text(200, std::move(body), content_type);
  response.headers.set("Content-Disposition",
                       "attachment; filename=\"" + safe_part(file_name) + "\"");
  response.headers.set("Cache-Control", "no-store");
  return response;
}

}  // namespace mamon::http::web
