// Blind counts at the POS (issue 12 "Reports at the POS"; service/blind_count.h), registered by
// register_counts_routes():
//   POST /api/reports/counts/               the fields of POST /api/reports/ without "personel"
//                                           (http/api/report_input.h): stores one count attempt
//                                           of the caller and only then answers what the ledger
//                                           expected -> 201 {"id", "action", "counted",
//                                           "expected", "difference"} (euros; difference =
//                                           counted - expected, negative: cash is missing).
//                                           403 for callers who may not file reports; 409
//                                           "bar_cycle_already_open" / "no_open_bar_cycle" when
//                                           the action does not fit the cycle's state.
//   POST /api/reports/counts/{id}/confirm/  files the report of that count (with its drawer
//                                           booking) -> 201 Report (json_reports.h). 404 unknown
//                                           count; 403 for a count of someone else; 409
//                                           "conflict" for a count confirmed already or one made
//                                           stale by a report filed since (count again).
// A recount is simply another POST /api/reports/counts/; every attempt is kept.
#pragma once

#include "http/router.h"
#include "http/routes.h"

namespace mamon::http::api {

void register_counts_routes(Router& router, AppContext& context);

}  // namespace mamon::http::api
