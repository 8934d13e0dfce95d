#include "http/web/export_xlsx.h"

#include <stdlib.h>  // mkdtemp
#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

namespace mamon::http::web {
namespace {

constexpr std::size_t kSheetNameCharsMax = 31;    // Excel's limit (LXW_SHEETNAME_MAX)
constexpr std::size_t kSheetRowsMax = 1'048'576;  // Excel's limit, the header row included
constexpr std::size_t kSheetColumnsMax = 16'384;
constexpr std::size_t kTextCharsMax = 32'767;
constexpr int kColumnWidthMinChars = 8;
constexpr int kColumnWidthMaxChars = 60;

// Code points in UTF-8 text (continuation bytes are not counted).
std::size_t utf8_length(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// The first `chars` code points of `text`.
std::string utf8_prefix(std::string_view text, std::size_t chars) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (seen == chars) return std::string(text.substr(0, i));
      ++seen;
    }
  }
  return std::string(text);
}

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string clean_sheet_name(std::string_view wanted, std::size_t index) {
  std::string name;
  for (char c : wanted) name += std::strchr("[]:*?/\\", c) != nullptr && c != '\0' ? ' ' : c;
  while (!name.empty() && (name.front() == '\'' || name.front() == ' ')) name.erase(0, 1);
  name = utf8_prefix(name, kSheetNameCharsMax);
  while (!name.empty() && (name.back() == '\'' || name.back() == ' ')) name.pop_back();
  if (name.empty()) name = "Sheet " + std::to_string(index + 1);
  return name;
}

int auto_width_chars(const ExportTable& table, std::size_t column) {
  std::size_t width = utf8_length(table.columns[column].header);
  for (const auto& row : table.rows) {
    const ExportCell& cell = row[column];
    std::size_t len = 0;
    if (const auto* text = std::get_if<std::string>(&cell)) len = utf8_length(*text);
    if (const auto* number = std::get_if<std::int64_t>(&cell)) len = std::to_string(*number).size();
    if (const auto* amount = std::get_if<Cents>(&cell)) {
      std::size_t digits = std::to_string(amount->value() / 100).size();
      len = digits + digits / 3 + 5;  // "€ " + separators + ",00"
    }
    if (std::holds_alternative<ExportInstant>(cell)) len = 16;
    width = std::max(width, len);
  }
  return std::clamp(static_cast<int>(width) + 2, kColumnWidthMinChars, kColumnWidthMaxChars);
}

Error library_error(std::string_view what, lxw_error code) {
  return make_error(ErrorCode::kInternal,
                    "xlsx export: " + std::string(what) + ": " + lxw_strerror(code));
}

// Removes the private directory however the export ends.
class TempDir {
 public:
  TempDir() = default;
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    if (path_.empty()) return;
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }

  Status create() {
    std::error_code ec;
    std::filesystem::path base = std::filesystem::temp_directory_path(ec);
    if (ec) base = "/tmp";
    std::string pattern = (base / "mamon-xlsx-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {  // mode 0700
      return make_error(ErrorCode::kInternal, "xlsx export: cannot make a temporary directory in " +
                                                  base.string() + ": " + std::strerror(errno));
    }
    path_ = pattern;
    return ok_status();
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct Formats {
  lxw_format* header;
  lxw_format* money;
  lxw_format* date_time;
};

Status write_sheet(lxw_workbook* workbook, const Formats& formats, const ExportTable& table,
                   const std::string& name) {
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, name.c_str());
  if (sheet == nullptr) {
    return make_error(ErrorCode::kInternal, "xlsx export: cannot add sheet '" + name + "'");
  }
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    const ExportColumn& column = table.columns[c];
    lxw_col_t col = static_cast<lxw_col_t>(c);
    int width = column.width_chars > 0 ? column.width_chars : auto_width_chars(table, c);
    lxw_error e = worksheet_set_column(sheet, col, col, width, nullptr);
    if (e != LXW_NO_ERROR) return library_error("column width", e);
    e = worksheet_write_string(sheet, 0, col, column.header.c_str(), formats.header);
    if (e != LXW_NO_ERROR) return library_error("header '" + column.header + "'", e);
  }
  worksheet_freeze_panes(sheet, 1, 0);
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    lxw_row_t row = static_cast<lxw_row_t>(r + 1);
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      const ExportCell& cell = table.rows[r][c];
      lxw_col_t col = static_cast<lxw_col_t>(c);
      lxw_error e = LXW_NO_ERROR;
      if (const auto* text = std::get_if<std::string>(&cell)) {
        if (utf8_length(*text) > kTextCharsMax) {
          return make_error(ErrorCode::kInvalidInput, "xlsx export: a cell in '" +
                                                          table.columns[c].header +
                                                          "' is longer than 32,767 characters");
        }
        if (!text->empty()) e = worksheet_write_string(sheet, row, col, text->c_str(), nullptr);
      } else if (const auto* number = std::get_if<std::int64_t>(&cell)) {
        e = worksheet_write_number(sheet, row, col, static_cast<double>(*number), nullptr);
      } else if (const auto* amount = std::get_if<Cents>(&cell)) {
        // The edge where a double is made from money (see the header).
        double euros = static_cast<double>(amount->value()) / 100.0;
        e = worksheet_write_number(sheet, row, col, euros, formats.money);
      } else if (const auto* instant = std::get_if<ExportInstant>(&cell)) {
        ExportLocalTime t = export_local_time(*instant);
        lxw_datetime dt{t.year, t.month, t.day, t.hour, t.minute, static_cast<double>(t.second)};
        e = worksheet_write_datetime(sheet, row, col, &dt, formats.date_time);
      }
      if (e != LXW_NO_ERROR) return library_error("cell in '" + table.columns[c].header + "'", e);
    }
  }
  return ok_status();
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return make_error(ErrorCode::kInternal, "xlsx export: cannot read back " + path);
  }
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad() || bytes.empty()) {
    return make_error(ErrorCode::kInternal, "xlsx export: reading back " + path + " failed");
  }
  return bytes;
}

}  // namespace

std::vector<std::string> xlsx_sheet_names(std::span<const ExportTable> tables) {
  std::vector<std::string> names;
  std::vector<std::string> taken;  // lower case
  for (std::size_t i = 0; i < tables.size(); ++i) {
    std::string base = clean_sheet_name(tables[i].sheet_name, i);
    std::string name = base;
    for (int n = 2; std::find(taken.begin(), taken.end(), lower_ascii(name)) != taken.end(); ++n) {
      std::string suffix = " (" + std::to_string(n) + ")";
      name = utf8_prefix(base, kSheetNameCharsMax - suffix.size()) + suffix;
    }
    taken.push_back(lower_ascii(name));
    names.push_back(name);
  }
  return names;
}

Result<std::string> export_xlsx(std::span<const ExportTable> tables) {
  MAMON_RETURN_IF_ERROR(validate_export_tables(tables));
  if (tables.empty()) return make_error(ErrorCode::kInternal, "xlsx export: no table to write");
  for (const ExportTable& table : tables) {
    if (table.rows.size() + 1 > kSheetRowsMax || table.columns.size() > kSheetColumnsMax) {
      return make_error(ErrorCode::kInvalidInput,
                        "xlsx export: '" + table.sheet_name + "' is larger than one sheet holds");
    }
  }
  TempDir dir;
  MAMON_RETURN_IF_ERROR(dir.create());
  std::string file = dir.path() + "/export.xlsx";

  lxw_workbook_options options{};
  options.constant_memory = 0;
  options.tmpdir = const_cast<char*>(dir.path().c_str());  // libxlsxwriter does not write it
  options.use_zip64 = 0;
  lxw_workbook* workbook = workbook_new_opt(file.c_str(), &options);
  if (workbook == nullptr) {
    return make_error(ErrorCode::kInternal,
                      "xlsx export: cannot create a workbook in " + dir.path());
  }
  Formats formats{workbook_add_format(workbook), workbook_add_format(workbook),
                  workbook_add_format(workbook)};
  format_set_bold(formats.header);
  format_set_num_format(formats.money, std::string(kXlsxEuroFormat).c_str());
  format_set_num_format(formats.date_time, std::string(kXlsxDateTimeFormat).c_str());

  std::vector<std::string> names = xlsx_sheet_names(tables);
  Status written = ok_status();
  for (std::size_t i = 0; i < tables.size() && written.ok(); ++i) {
    written = write_sheet(workbook, formats, tables[i], names[i]);
  }
  // Closing frees the workbook on every path; on an earlier error the file is discarded anyway.
  lxw_error closed = workbook_close(workbook);
  if (!written.ok()) return written.error();
  if (closed != LXW_NO_ERROR) return library_error("writing " + file, closed);
  return read_file(file);
}

Result<std::string> export_xlsx(const ExportTable& table) {
  return export_xlsx(std::span<const ExportTable>(&table, 1));
}

}  // namespace mamon::http::web
