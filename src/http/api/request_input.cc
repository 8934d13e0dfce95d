#include "http/api/request_input.h"

#include <charconv>
#include <nlohmann/json.hpp>
#include <string>

#include "http/api/json_errors.h"
#include "http/headers.h"

namespace mamon::http::api {
namespace {

Error invalid(std::string_view field_path, std::string message) {
  return make_error(ErrorCode::kInvalidInput, std::move(message), std::string(field_path));
}

Result<std::int64_t> parse_query_int(std::string_view text, std::string_view name) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    return invalid(name, std::string(name) + " must be a whole number.");
  }
  return value;
}

}  // namespace

domain::Caller caller_of(const Request& request) {
  const Principal& principal = request.user();
  domain::Caller caller;
  caller.user_id = principal.user_id;
  caller.is_superuser = principal.is_superuser;
  caller.groups = principal.groups;
  caller.permissions = principal.permissions;
  if (principal.personnel_id != 0) caller.personnel_id = principal.personnel_id;
  if (principal.holder_id != 0) caller.holder_id = principal.holder_id;
  return caller;
}

Result<service::PageRequest> page_request_of(const Request& request,
                                             std::int64_t page_size_default) {
  service::PageRequest page;
  page.page_size = page_size_default;
  if (auto text = request.query.get("page")) {
    MAMON_TRY(page.page, parse_query_int(*text, "page"));
  }
  if (auto text = request.query.get("page_size")) {
    MAMON_TRY(page.page_size, parse_query_int(*text, "page_size"));
  }
  return page;
}

std::optional<std::string> idempotency_key_of(const Request& request) {
  std::optional<std::string_view> key = request.headers.get("Idempotency-Key");
  if (!key.has_value()) return std::nullopt;
  return std::string(*key);
}

void set_total_count(Response& response, std::int64_t total) {
  response.headers.set("X-Total-Count", std::to_string(total));
}

Status require_object(const nlohmann::json& body) {
  if (!body.is_object())
    return make_error(ErrorCode::kInvalidJson, "The body must be a JSON object.");
  return ok_status();
}

Result<bool> bool_field(const nlohmann::json& object, std::string_view name,
                        std::string_view field_path) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return false;
  if (it->is_boolean()) return it->get<bool>();
  if (it->is_string()) {
    // The bar app's wallet screen sends "true"/"false" as strings (API.md general rules).
    const std::string& text = it->get_ref<const std::string&>();
    if (iequals(text, "true")) return true;
    if (iequals(text, "false")) return false;
  }
  return invalid(field_path, "Must be true or false.");
}

Result<std::int64_t> int_field(const nlohmann::json& object, std::string_view name,
                               std::string_view field_path) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return invalid(field_path, "This field is required.");
  if (it->is_number_integer()) return it->get<std::int64_t>();
  if (it->is_number_unsigned()) {
    // Above int64 range: no id or count is that large.
    return invalid(field_path, "Must be a whole number in range.");
  }
  return invalid(field_path, "Must be a whole number.");
}

Result<std::optional<std::int64_t>> optional_int_field(const nlohmann::json& object,
                                                       std::string_view name,
                                                       std::string_view field_path) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return std::optional<std::int64_t>();
  MAMON_TRY(std::int64_t value, int_field(object, name, field_path));
  return std::optional<std::int64_t>(value);
}

Result<std::string> string_field(const nlohmann::json& object, std::string_view name,
                                 std::string_view field_path) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return std::string();
  if (!it->is_string()) return invalid(field_path, "Must be a string.");
  return it->get<std::string>();
}

}  // namespace mamon::http::api
