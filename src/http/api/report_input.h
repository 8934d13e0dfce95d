// The fields of a counted report in a JSON body, shared by POST /api/reports/ (the app's report)
// and POST /api/reports/counts/ (the POS's blind count): "action", the counted cash as
// "total_cash" and/or "breakdown", "pin_total", "flow_meter1", "flow_meter2", "comment".
// Errors are kInvalidInput / kInvalidAmount naming the field (400); range and consistency checks
// are the service's (service/counted_cash.h, domain/reports.h).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "base/money.h"
#include "base/result.h"
#include "service/counted_cash.h"

namespace mamon::http::api {

struct CountedReportFields {
  std::string action;
  std::optional<Cents> total_cash;  // absent only when a breakdown is given
  std::optional<service::BreakdownInput> breakdown;
  std::optional<Cents> pin_total;
  std::int64_t flow_meter1 = 0;
  std::int64_t flow_meter2 = 0;
  std::string comment;
};

// "action" is a required string; "total_cash" (euros) is required unless "breakdown" is given;
// "breakdown" is an object of JSON integer counts by denomination code ({"coin_200": 3}), absent
// or null for none; "pin_total" (euros) is optional; the flow meters are required JSON integers;
// "comment" is an optional string.
Result<CountedReportFields> counted_report_fields_of(const nlohmann::json& body);

}  // namespace mamon::http::api
