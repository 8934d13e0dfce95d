// Reading the parts of a request that many handlers share: the caller, ?page/&page_size, the
// Idempotency-Key header, and typed fields of a JSON body. Each reader reports a bad value as
// kInvalidInput naming the field (400 with "errors": {"<field>": [...]}), never throws.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "domain/permissions.h"
#include "http/request.h"
#include "http/response.h"
#include "service/pages.h"

namespace mamon::http::api {

// The permission-layer view of the authenticated principal (the route must require auth).
domain::Caller caller_of(const Request& request);

// ?page=N&page_size=M (both optional; defaults 1 and `page_size_default`). Values must be decimal
// integers; range checks are service::validate_page_request's (the service runs it).
Result<service::PageRequest> page_request_of(const Request& request,
                                             std::int64_t page_size_default);

// The Idempotency-Key header, if present (validated by the service).
std::optional<std::string> idempotency_key_of(const Request& request);

// Sets X-Total-Count (API.md: paginated lists report their total there).
void set_total_count(Response& response, std::int64_t total);

// A paginated list's answer: 200 with the page's items as a JSON array (each through `to_json`)
// and the total over all pages in X-Total-Count.
template <typename T, typename ToJson>
Response page_response(const service::Page<T>& page, ToJson&& to_json) {
  nlohmann::json items = nlohmann::json::array();
  for (const T& item : page.items) items.push_back(to_json(item));
  Response response = Response::json(200, items);
  set_total_count(response, page.total);
  return response;
}

// `body` must be a JSON object (kInvalidJson otherwise).
Status require_object(const nlohmann::json& body);

// A boolean field: a JSON boolean, or the string "true" / "false" in any letter case (the bar
// app's wallet screen sends strings); absent or null is false (the app leaves flags out).
Result<bool> bool_field(const nlohmann::json& object, std::string_view name,
                        std::string_view field_path);
// A required integer field (JSON integer, not a string or float).
Result<std::int64_t> int_field(const nlohmann::json& object, std::string_view name,
                               std::string_view field_path);
// An optional integer field; absent or null is nullopt.
Result<std::optional<std::int64_t>> optional_int_field(const nlohmann::json& object,
                                                       std::string_view name,
                                                       std::string_view field_path);
// An optional string field; absent or null is "".
Result<std::string> string_field(const nlohmann::json& object, std::string_view name,
                                 std::string_view field_path);

}  // namespace mamon::http::api
