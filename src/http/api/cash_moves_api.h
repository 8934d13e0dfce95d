// Cash in and out of the drawer (issue 12; service/cash_moves_service.h), registered by
// register_cash_moves_routes():
//   POST /api/cashmoves/                {"direction": "in"|"out", "amount", "reason"}: all
//                                       required; "in" puts cash from the safe into the drawer,
//                                       "out" takes it to the safe or the bank. The caller must be
//                                       active personnel with file_report (403). -> 201 CashMove
//                                       {"id", "direction", "amount", "reason", "personel" (the
//                                       personnel id), "barcycle" (the open cycle's id or null),
//                                       "date"}.
//   GET /api/barcycles/{id}/cashmoves/  the cycle's moves, oldest first (view_sales; 403).
#pragma once

#include "http/router.h"
#include "http/routes.h"

namespace mamon::http::api {

void register_cash_moves_routes(Router& router, AppContext& context);

}  // namespace mamon::http::api
