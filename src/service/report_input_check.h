// The checks of a counted report that need no database, shared by file_report
// (reports_service.h) and submit_count (blind_count.h), so a report filed through the app and a
// blind count at the POS are refused for the same input with the same errors. The caller checks
// the permission first (check_can_file_report).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/money.h"
#include "base/result.h"
#include "domain/reports.h"
#include "service/counted_cash.h"

namespace mamon::service {

struct CheckedReportInput {
  domain::ReportInput input;  // the action parsed, total_cash the counted total
  CountedCash counted;        // the total and the breakdown's canonical JSON
};

// In order, each with its named error: the action parses (kInvalidReportAction),
// resolve_counted_cash (kInvalidInput / kInvalidAmount), domain::validate_report_input
// (kInvalidAmount / kInvalidInput), validate_pin_total (kInvalidInput / kInvalidAmount).
Result<CheckedReportInput> check_report_input(std::string_view action,
                                              const std::optional<Cents>& total_cash,
                                              const std::optional<BreakdownInput>& breakdown,
                                              const std::optional<Cents>& pin_total,
                                              std::int64_t flow_meter1, std::int64_t flow_meter2,
                                              const std::string& comment);

}  // namespace mamon::service
