#include "http/api/counts_api.h"

#include <nlohmann/json.hpp>
#include <utility>

#include "domain/reports.h"
#include "http/api/json_money.h"
#include "http/api/json_reports.h"
#include "http/api/report_input.h"
#include "http/api/request_input.h"
#include "http/json_body.h"
#include "service/blind_count.h"

namespace mamon::http::api {
namespace {

Result<service::CountRequest> parse_count(const Request& request) {
  MAMON_TRY(nlohmann::json body, parse_json_body(request));
  MAMON_RETURN_IF_ERROR(require_object(body));
  MAMON_TRY(CountedReportFields fields, counted_report_fields_of(body));
  service::CountRequest count;
  count.action = std::move(fields.action);
  count.total_cash = fields.total_cash;
  count.breakdown = std::move(fields.breakdown);
  count.pin_total = fields.pin_total;
  count.flow_meter1 = fields.flow_meter1;
  count.flow_meter2 = fields.flow_meter2;
  count.comment = std::move(fields.comment);
  return count;
}

Handler submit_count(AppContext& context) {
  return [&context](const Request& request) -> Result<Response> {
    MAMON_TRY(service::CountRequest count, parse_count(request));
    MAMON_TRY(service::SubmittedCount submitted,
              service::submit_count(context.database, context.clock, caller_of(request), count));
    return Response::json(201, nlohmann::json{
                                   {"id", submitted.count_id},
                                   {"action", domain::report_action_name(submitted.action)},
                                   {"counted", money_to_json(submitted.counted)},
                                   {"expected", money_to_json(submitted.expected)},
                                   {"difference", money_to_json(submitted.difference)},
                               });
  };
}

Handler confirm_count(AppContext& context) {
  return [&context](const Request& request) -> Result<Response> {
    MAMON_TRY(service::FiledReport filed,
              service::confirm_count(context.database, context.clock, caller_of(request),
                                     request.path_int("id")));
    return Response::json(201, report_to_json(filed.report));
  };
}

}  // namespace

void register_counts_routes(Router& router, AppContext& context) {
  router.add(Method::kPost, "/api/reports/counts", submit_count(context));
  router.add(Method::kPost, "/api/reports/counts/{id}/confirm", confirm_count(context));
}

}  // namespace mamon::http::api
