#include "http/web/export_csv.h"

#include <cstdint>
#include <cstdlib>

namespace mamon::http::web {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kLineEnd = "\r\n";

bool starts_like_formula(std::string_view text) {
  if (text.empty()) return false;
  char c = text.front();
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

void append_field(std::string& out, std::string_view field, char separator) {
  bool quote =
      field.find_first_of(std::string{separator, '"', '\r', '\n'}) != std::string_view::npos;
  if (!quote) {
    out += field;
    return;
  }
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string cell_text(const ExportCell& cell, CsvDialect dialect) {
  if (const auto* text = std::get_if<std::string>(&cell)) {
    return starts_like_formula(*text) ? "'" + *text : *text;
  }
  if (const auto* number = std::get_if<std::int64_t>(&cell)) return std::to_string(*number);
  if (const auto* amount = std::get_if<Cents>(&cell)) {
    return format_csv_euros(*amount, dialect.decimal_mark);
  }
  if (const auto* instant = std::get_if<ExportInstant>(&cell)) {
    return format_export_instant(*instant);
  }
  return {};  // std::monostate: an empty field
}

void append_row_of_text(std::string& out, std::span<const std::string> fields, CsvDialect dialect) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += dialect.separator;
    const std::string& f = fields[i];
    append_field(out, starts_like_formula(f) ? "'" + f : f, dialect.separator);
  }
  out += kLineEnd;
}

}  // namespace

CsvDialect csv_dialect_for_language(std::string_view language) {
  bool english = language.size() >= 2 && (language[0] == 'e' || language[0] == 'E') &&
                 (language[1] == 'n' || language[1] == 'N') &&
                 (language.size() == 2 || language[2] == '-' || language[2] == '_');
  if (english) return CsvDialect{',', '.'};
  return CsvDialect{';', ','};
}

std::string format_csv_euros(Cents amount, char decimal_mark) {
  std::int64_t cents = amount.value();
  // Work on the magnitude as unsigned so that INT64_MIN has no overflow.
  std::uint64_t magnitude =
      cents < 0 ? 0 - static_cast<std::uint64_t>(cents) : static_cast<std::uint64_t>(cents);
  std::string out = cents < 0 ? "-" : "";
  out += std::to_string(magnitude / 100);
  out += decimal_mark;
  std::uint64_t rest = magnitude % 100;
  out += static_cast<char>('0' + rest / 10);
  out += static_cast<char>('0' + rest % 10);
  return out;
}

Result<std::string> export_csv(std::span<const ExportTable> tables, CsvDialect dialect) {
  MAMON_RETURN_IF_ERROR(validate_export_tables(tables));
  std::string out(kUtf8Bom);
  for (std::size_t t = 0; t < tables.size(); ++t) {
    const ExportTable& table = tables[t];
    if (tables.size() > 1) {
      if (t > 0) out += kLineEnd;
      std::string title[] = {table.sheet_name};
      append_row_of_text(out, title, dialect);
    }
    std::vector<std::string> headers;
    headers.reserve(table.columns.size());
    for (const ExportColumn& column : table.columns) headers.push_back(column.header);
    append_row_of_text(out, headers, dialect);
    for (const auto& row : table.rows) {
      for (std::size_t c = 0; c < row.size(); ++c) {
        if (c > 0) out += dialect.separator;
        append_field(out, cell_text(row[c], dialect), dialect.separator);
      }
      out += kLineEnd;
    }
  }
  return out;
}

Result<std::string> export_csv(const ExportTable& table, CsvDialect dialect) {
  return export_csv(std::span<const ExportTable>(&table, 1), dialect);
}

}  // namespace mamon::http::web
