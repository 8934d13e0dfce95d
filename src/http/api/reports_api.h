// The bar report and bar-cycle endpoints (API.md "Bar reports and cycles"), registered by
// register_reports_routes():
//   POST /api/reports/        {"action": "open"|"middle"|"close" (case-insensitive; "create" =
//                             open, "end" = close), "total_cash", "flow_meter1", "flow_meter2",
//                             "comment", "personel": {"username", "password"} (optional)}.
//                             Optional (issue 12): "breakdown" {"coin_200": 3, ...} (codes of
//                             domain/cash_count.h, JSON integer counts) and "pin_total" (euros,
//                             closing only); both are stored on the report. Without "total_cash"
//                             the breakdown's sum is the total; with both they must agree (400,
//                             field "total_cash").
//                             All but "comment", "personel", "breakdown" and "pin_total" are
//                             required ("total_cash" unless a breakdown is given); flow meters are
//                             JSON integers. The caller must be personnel (403 "not_personnel").
//                             Embedded credentials name who counted; wrong ones answer 403
//                             {"message": "Invalid credentials"} (the app's contract, never 401).
//                             Open while a cycle is open: 409 "bar_cycle_already_open".
//                             Close with none open: 501 {"message": "No barcycle to close"} (the
//                             app's contract). Middle with none open: 409 "no_open_bar_cycle".
//                             -> 201 Report (json_reports.h).
//   GET /api/reports/         newest first, paginated (default 20, max 500), X-Total-Count.
//   GET /api/barcycles/       newest first, paginated, X-Total-Count: cycle summaries.
//   GET /api/barcycles/{id}   one cycle summary; 404 if unknown.
// Reading reports and cycles (DESIGN.md §7: "backoffice overviews" are the board's, and
// personnel count the drawer themselves): the permission view_sales (domain::can_view_sales; by
// default Personnel, Bestuur, Kascommissie) or a superuser; anybody else 403 "permission_denied".
#pragma once

#include "http/router.h"
#include "http/routes.h"

namespace mamon::http::api {

Handler create_report(AppContext& context);
Handler list_reports(AppContext& context);
Handler list_bar_cycles(AppContext& context);
Handler get_bar_cycle(AppContext& context);

void register_reports_routes(Router& router, AppContext& context);

}  // namespace mamon::http::api
