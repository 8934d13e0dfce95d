// Bar reports (DESIGN.md §1, API.md "Bar reports and cycles"): a count by bar staff at the
// opening, middle or closing of a bar evening; and the bar cycle, from an opening report to its
// closing report. Pure rules; the cycle's money maths is in domain/bar_cycles.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/money.h"
#include "base/result.h"

namespace mamon::domain {

// 'other' exists only for imported history (the old system allowed free text).
enum class ReportAction { kOpen, kMiddle, kClose, kOther };

// Parses the API's action, case-insensitively: "open"/"create" -> kOpen, "middle" -> kMiddle,
// "close"/"end" -> kClose. Anything else: kInvalidReportAction (field "action").
Result<ReportAction> parse_report_action(std::string_view text);

// "open", "middle", "close", "other" (the database's `reports.action`).
std::string_view report_action_name(ReportAction action);
// Inverse of report_action_name (exact). Error: kInvalidReportAction.
Result<ReportAction> report_action_from_name(std::string_view name);

// A report as filed at the bar, before validation.
struct ReportInput {
  ReportAction action = ReportAction::kOpen;
  Cents total_cash;
  std::int64_t flow_meter1 = 0;
  std::int64_t flow_meter2 = 0;
  std::string comment;
};

// Checks, in order: action is open/middle/close (kInvalidReportAction), total_cash >= 0 and
// <= limits::kMoneyAbsMaxCents (kInvalidAmount, field "total_cash"), each flow meter in
// 0..limits::kFlowMeterMax (kInvalidInput, field "flow_meter1"/"flow_meter2"), comment at most
// limits::kCommentLengthMax bytes (kInvalidInput, field "comment").
Status validate_report_input(const ReportInput& input);

struct Report {
  std::int64_t id = 0;
  std::int64_t personnel_id = 0;
  ReportAction action = ReportAction::kOther;
  std::optional<std::string> legacy_action;  // the old system's label, imported reports only
  Cents total_cash;
  std::int64_t flow_meter1 = 0;
  std::int64_t flow_meter2 = 0;
  std::string comment;
  std::optional<std::int64_t> bar_cycle_id;
  bool imported = false;
  TimestampUs created_at_us = 0;
  // The denomination count behind total_cash as canonical JSON text ({"coin_200": 3, ...}; see
  // service/counted_cash.h), and at closing the PIN terminal's end-of-day total (migration 0018).
  // Both optional: the app's reports and imported ones have neither.
  std::optional<std::string> cash_breakdown;
  std::optional<Cents> pin_total;
};

struct BarCycle {
  std::int64_t id = 0;
  std::int64_t opening_report_id = 0;
  std::optional<std::int64_t> closing_report_id;  // none while the cycle is open
  bool imported = false;

  bool is_open() const { return !closing_report_id.has_value(); }
};

}  // namespace mamon::domain
