#include "http/api/reports_api.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "base/limits.h"
#include "domain/reports.h"
#include "http/api/json_reports.h"
#include "http/api/report_input.h"
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

Result<ParsedReport> parse_report(const Request& request) {
  MAMON_TRY(nlohmann::json body, parse_json_body(request));
  MAMON_RETURN_IF_ERROR(require_object(body));
  MAMON_TRY(CountedReportFields fields, counted_report_fields_of(body));
  ParsedReport parsed;
  service::ReportRequest& report = parsed.request;
  report.action = std::move(fields.action);
  report.total_cash = fields.total_cash;
  report.flow_meter1 = fields.flow_meter1;
  report.flow_meter2 = fields.flow_meter2;
  report.comment = std::move(fields.comment);
  report.breakdown = std::move(fields.breakdown);
  report.pin_total = fields.pin_total;
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
