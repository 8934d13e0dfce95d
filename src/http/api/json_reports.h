// Bar reports and bar-cycle summaries as JSON (API.md "Bar reports and cycles").
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "domain/reports.h"
#include "service/reports_service.h"

namespace mamon::http::api {

// {"id", "action": "open"|"middle"|"close" (imported free text as it was), "date", "total_cash",
// "flow_meter1", "flow_meter2", "comment", "personel": <personnel id>, "barcycle": <id or null>,
// "cash_breakdown": {"coin_200": 3, ...} or null, "pin_total": euros or null (issue 12)}.
nlohmann::json report_to_json(const domain::Report& report);

// {"id", "open": bool, "opening_report": Report, "closing_report": Report or null,
//  "from", "to" (the window; "to" is now while open),
//  "sales": {"balance", "cash", "pin", "unknown", "total"},
//  "top_ups": {"cash", "pin", "mollie", "unknown", "total"},
//  "refunds": {"cash", "pin", "mollie", "unknown", "total"},
//  "opening_cash", "expected_cash", "counted_cash" (null while open),
//  "cash_difference" (counted - expected; null while open),
//  "flow_meter_deltas": {"flow_meter1", "flow_meter2"} (null while open),
//  "products": [{"product", "name", "quantity", "revenue"}],
//  "flow_meters" (issue 12): {"warn_percent": FLOW_SHRINKAGE_WARN_PERCENT, "meters": [per meter,
//    1 then 2: {"meter", "stock_item", "stock_item_name", "readings_per_litre" (all three null
//    when not configured), "opening", "closing", "delta" (raw readings; null while open),
//    "poured_ml", "sold_ml", "shrinkage_ml", "shrinkage_basis_points" (null unless configured
//    and closed with readings going forward), "flagged", "went_backwards"}]}}.
// Amounts in euros, volumes in whole millilitres.
nlohmann::json bar_cycle_to_json(const service::BarCycleView& view);

}  // namespace mamon::http::api
