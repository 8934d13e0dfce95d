#include "http/web/board_list_support.h"

#include <charconv>

#include "http/web/export_csv.h"
#include "http/web/export_xlsx.h"
#include "http/web/next_path.h"

namespace mamon::http::web {
namespace {

std::string param(const Page& page, std::string_view name) {
  return std::string(page.request.query.get(name).value_or(""));
}

std::optional<std::int64_t> parse_positive(std::string_view text, std::int64_t max) {
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || value < 1 || value > max) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

ListDateRange parse_date_range_filter(const Page& page, FieldErrors& errors) {
  ListDateRange out;
  out.start = param(page, "start");
  out.end = param(page, "end");
  const LocalDateRange month = current_local_month(page.site.clock.now_us());
  out.range = month;
  std::optional<LocalDate> first, last;
  if (!out.start.empty()) {
    Result<LocalDate> parsed = parse_local_date(out.start);
    if (parsed.ok()) {
      first = *parsed;
    } else {
      errors["start"] = page.text("board_list.bad_date");
    }
  }
  if (!out.end.empty()) {
    Result<LocalDate> parsed = parse_local_date(out.end);
    if (parsed.ok()) {
      last = *parsed;
    } else {
      errors["end"] = page.text("board_list.bad_date");
    }
  }
  if (errors.contains("start") || errors.contains("end")) return out;
  // One end given: the other from the current month, or the given day itself when that would
  // make the range run backwards.
  LocalDateRange range{first.value_or(month.first), last.value_or(month.last)};
  if (first && !last && range.last < range.first) range.last = range.first;
  if (last && !first && range.last < range.first) range.first = range.last;
  if (range.last < range.first) {
    errors["end"] = page.text("board_list.end_before_start");
    return out;
  }
  out.range = range;
  if (out.start.empty()) out.start = format_local_date(range.first);
  if (out.end.empty()) out.end = format_local_date(range.last);
  return out;
}

std::optional<std::int64_t> parse_id_param(const Page& page, std::string_view name,
                                           FieldErrors& errors) {
  const std::string text = param(page, name);
  if (text.empty()) return std::nullopt;
  std::optional<std::int64_t> id = parse_positive(text, INT64_MAX);
  if (!id) errors[std::string(name)] = page.text("board_list.bad_number");
  return id;
}

std::int64_t parse_page_param(const Page& page) {
  return parse_positive(param(page, "page"), 1'000'000'000).value_or(1);
}

ExportFormat parse_export_format(const Page& page, FieldErrors& errors) {
  const std::string format = param(page, "format");
  if (format.empty()) return ExportFormat::kNone;
  if (format == "csv") return ExportFormat::kCsv;
  if (format == "xlsx") return ExportFormat::kXlsx;
  errors["format"] = page.text("board_list.bad_format");
  return ExportFormat::kNone;
}

std::string link_with(const Page& page, std::string_view path,
                      std::initializer_list<std::pair<std::string_view, std::string>> set,
                      std::initializer_list<std::string_view> drop) {
  std::string query;
  auto add = [&](std::string_view name, std::string_view value) {
    query.append(query.empty() ? "?" : "&");
    query.append(encode_query_value(name)).append("=").append(encode_query_value(value));
  };
  for (const auto& [name, value] : page.request.query.entries()) {
    bool skipped = false;
    for (std::string_view d : drop) skipped = skipped || name == d;
    for (const auto& s : set) skipped = skipped || name == s.first;
    if (!skipped) add(name, value);
  }
  for (const auto& [name, value] : set) {
    if (!value.empty()) add(name, value);
  }
  return std::string(path) + query;
}

nlohmann::json error_summary_view(const Page& page, const FieldErrors& errors,
                                  std::initializer_list<std::string_view> fields) {
  if (errors.empty()) return false;
  nlohmann::json items = nlohmann::json::array();
  for (std::string_view field : fields) {
    auto it = errors.find(std::string(field));
    if (it == errors.end()) continue;
    items.push_back({{"text", it->second}, {"href", "#filter-" + std::string(field)}});
  }
  return {{"title", page.text("form.error_summary")}, {"items", items}};
}

TimeRange list_time_span(const ListDateRange& range) {
  return local_days(range.range.first, range.range.last);
}

bool date_range_error(const Page& page, const Error& error, FieldErrors& errors) {
  if (error.kind() != ErrorKind::kInvalid) return false;
  if (error.field != "start" && error.field != "end") return false;
  errors[error.field] = page.text(error.field == "start" ? "board_list.too_many_rows"
                                                         : "board_list.end_before_start");
  return true;
}

void add_export_column(const Page& page, ExportTable& table, std::string_view label_key,
                       ExportColumnKind kind) {
  table.columns.push_back({page.text(label_key), kind, 0});
}

nlohmann::json error_or_false(const FieldErrors& errors, std::string_view name) {
  auto it = errors.find(std::string(name));
  if (it == errors.end()) return false;
  return it->second;
}

Result<Response> export_answer(const Page& page, const ExportTable& table, std::string_view list,
                               std::string_view start, std::string_view end, ExportFormat format) {
  if (format == ExportFormat::kXlsx) {
    MAMON_TRY(std::string body, export_xlsx(table));
    return export_download_response(std::move(body), kXlsxContentType,
                                    export_file_name(list, start, end, "xlsx"));
  }
  MAMON_TRY(std::string body,
            export_csv(table, csv_dialect_for_language(language_code(page.language))));
  return export_download_response(std::move(body), kCsvContentType,
                                  export_file_name(list, start, end, "csv"));
}

nlohmann::json list_export_links_view(const Page& page) {
  nlohmann::json links = nlohmann::json::array();
  links.push_back({{"label", page.text("board_list.export_csv")},
                   {"href", link_with(page, page.request.path, {{"format", "csv"}})}});
  links.push_back({{"label", page.text("board_list.export_xlsx")},
                   {"href", link_with(page, page.request.path, {{"format", "xlsx"}})}});
  return links;
}

}  // namespace mamon::http::web
