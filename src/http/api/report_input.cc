#include "http/api/report_input.h"

#include <utility>

#include "http/api/json_money.h"
#include "http/api/request_input.h"

namespace mamon::http::api {
namespace {

// The optional denomination count; codes are checked by the service (service/counted_cash.h).
Result<std::optional<service::BreakdownInput>> breakdown_of(const nlohmann::json& body) {
  auto it = body.find("breakdown");
  if (it == body.end() || it->is_null()) return std::optional<service::BreakdownInput>();
  if (!it->is_object()) {
    return make_error(ErrorCode::kInvalidInput,
                      "Must be an object of denomination counts, such as {\"coin_200\": 3}.",
                      "breakdown");
  }
  service::BreakdownInput pieces;
  for (auto entry = it->begin(); entry != it->end(); ++entry) {
    MAMON_TRY(std::int64_t count, int_field(*it, entry.key(), "breakdown." + entry.key()));
    pieces.push_back(service::PieceCount{entry.key(), count});
  }
  return std::optional<service::BreakdownInput>(std::move(pieces));
}

}  // namespace

Result<CountedReportFields> counted_report_fields_of(const nlohmann::json& body) {
  CountedReportFields fields;
  auto action = body.find("action");
  if (action == body.end() || !action->is_string()) {
    return make_error(ErrorCode::kInvalidInput, "action must be open, middle or close.", "action");
  }
  fields.action = action->get<std::string>();
  MAMON_TRY(fields.breakdown, breakdown_of(body));
  auto total_cash = body.find("total_cash");
  if (total_cash == body.end() && !fields.breakdown) {
    return make_error(ErrorCode::kInvalidInput, "This field is required.", "total_cash");
  }
  if (total_cash != body.end()) {
    MAMON_TRY(Cents total, money_from_json(*total_cash, "total_cash"));
    fields.total_cash = total;
  }
  auto pin_total = body.find("pin_total");
  if (pin_total != body.end() && !pin_total->is_null()) {
    MAMON_TRY(Cents pin, money_from_json(*pin_total, "pin_total"));
    fields.pin_total = pin;
  }
  MAMON_TRY(fields.flow_meter1, int_field(body, "flow_meter1", "flow_meter1"));
  MAMON_TRY(fields.flow_meter2, int_field(body, "flow_meter2", "flow_meter2"));
  MAMON_TRY(fields.comment, string_field(body, "comment", "comment"));
  return fields;
}

}  // namespace mamon::http::api
