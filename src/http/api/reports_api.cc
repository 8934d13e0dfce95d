#include "http/api/reports_api.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "base/limits.h"
#include "domain/reports.h"
#include "http/api/json_money.h"
#include "http/api/json_reports.h"
#include "http/api/request_input.h"
#include "http/api/staff_credentials_input.h"
#include "http/json_body.h"
#include "service/reports_service.h"
#include "service/staff_credentials.h"

namespace mamon::http::api {
namespace {

struct ParsedReport {
  service::ReportRequest request;
  std::optional<service::StaffCredentials> credentials;
};

// The optional denomination count {"coin_200": 3, "note_0500": 1, ...}; absent or null is none.
// Codes are checked by the service (service/counted_cash.h), counts must be JSON integers.
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

Result<ParsedReport> parse_report(const Request& request) {
  MAMON_TRY(nlohmann::json body, parse_json_body(request));
  MAMON_RETURN_IF_ERROR(require_object(body));
  ParsedReport parsed;
  service::ReportRequest& report = parsed.request;
  auto action = body.find("action");
  if (action == body.end() || !action->is_string()) {
    return make_error(ErrorCode::kInvalidInput, "action must be open, middle or close.", "action");
  }
  report.action = action->get<std::string>();
  MAMON_TRY(report.breakdown, breakdown_of(body));
  auto total_cash = body.find("total_cash");
  if (total_cash == body.end() && !report.breakdown) {
    return make_error(ErrorCode::kInvalidInput, "This field is required.", "total_cash");
  }
  if (total_cash != body.end()) {
    MAMON_TRY(Cents total, money_from_json(*total_cash, "total_cash"));
    report.total_cash = total;
  }
  auto pin_total = body.find("pin_total");
  if (pin_total != body.end() && !pin_total->is_null()) {
    MAMON_TRY(Cents pin, money_from_json(*pin_total, "pin_total"));
    report.pin_total = pin;
  }
  MAMON_TRY(report.flow_meter1, int_field(body, "flow_meter1", "flow_meter1"));
  MAMON_TRY(report.flow_meter2, int_field(body, "flow_meter2", "flow_meter2"));
  MAMON_TRY(report.comment, string_field(body, "comment", "comment"));
  MAMON_TRY(parsed.credentials, staff_credentials_of(body));
  return parsed;
}

bool is_close(const std::string& action) {
  Result<domain::ReportAction> parsed = domain::parse_report_action(action);
  return parsed.ok() && *parsed == domain::ReportAction::kClose;
}

}  // namespace

Handler create_report(AppContext& context) {
  return [&context](const Request& request) -> Result<Response> {
    MAMON_TRY(ParsedReport parsed, parse_report(request));
    const domain::Caller caller = caller_of(request);
    if (parsed.credentials.has_value()) {
      Result<domain::Personnel> staff =
          service::verify_staff_credentials(context.database, caller, *parsed.credentials);
      if (!staff.ok() && staff.error().code == ErrorCode::kInvalidCredentials) {
        // The app's contract (API.md): 403 "Invalid credentials", never 401.
        return Response::error_envelope(403, "invalid_credentials", "Invalid credentials");
      }
      if (!staff.ok()) return staff.error();
      parsed.request.personnel_id = staff->id;
    }
    Result<service::FiledReport> filed =
        service::file_report(context.database, context.clock, caller, parsed.request);
    if (!filed.ok() && filed.error().code == ErrorCode::kNoOpenBarCycle &&
        is_close(parsed.request.action)) {
      // The app's contract (API.md): closing without an open cycle is 501.
      return Response::error_envelope(501, "no_open_bar_cycle", "No barcycle to close");
    }
    if (!filed.ok()) return filed.error();
    return Response::json(201, report_to_json(filed->report));
  };
}

Handler list_reports(AppContext& context) {
  return [&context](const Request& request) -> Result<Response> {
    MAMON_TRY(service::PageRequest page, page_request_of(request, limits::kPageSizeDefault));
    MAMON_TRY(service::Page<domain::Report> reports,
              service::list_reports(context.database, caller_of(request), page));
    return page_response(reports, report_to_json);
  };
}

Handler list_bar_cycles(AppContext& context) {
  return [&context](const Request& request) -> Result<Response> {
    MAMON_TRY(service::PageRequest page, page_request_of(request, limits::kPageSizeDefault));
    MAMON_TRY(service::Page<service::BarCycleView> cycles,
              service::list_bar_cycles(context.database, context.clock, caller_of(request), page));
    return page_response(cycles, bar_cycle_to_json);
  };
}

Handler get_bar_cycle(AppContext& context) {
  return [&context](const Request& request) -> Result<Response> {
    MAMON_TRY(service::BarCycleView cycle,
              service::get_bar_cycle(context.database, context.clock, caller_of(request),
                                     request.path_int("id")));
    return Response::json(200, bar_cycle_to_json(cycle));
  };
}

void register_reports_routes(Router& router, AppContext& context) {
  router.add(Method::kPost, "/api/reports", create_report(context));
  router.add(Method::kGet, "/api/reports", list_reports(context));
  router.add(Method::kGet, "/api/barcycles", list_bar_cycles(context));
  router.add(Method::kGet, "/api/barcycles/{id}", get_bar_cycle(context));
}

}  // namespace mamon::http::api
