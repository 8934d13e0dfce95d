// Bar reports and bar cycles (API.md "Bar reports and cycles"): filing an opening / middle /
// closing count, and the cycle summaries the board reads. Each call is one database transaction.
// Thread-safe: every call takes its own pooled connection; the Clock and Database are shared.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/money.h"
#include "base/result.h"
#include "domain/bar_cycles.h"
#include "domain/permissions.h"
#include "domain/reports.h"
#include "domain/users.h"
#include "service/counted_cash.h"
#include "service/flow_meters_service.h"
#include "service/pages.h"
#include "storage/database.h"

namespace mamon::service {

struct ReportRequest {
  std::string action;  // "open"/"create", "middle", "close"/"end" (case-insensitive)
  // The counted cash: a total, a denomination breakdown, or both (then they must agree); see
  // service/counted_cash.h. The breakdown is stored on the report.
  std::optional<Cents> total_cash;
  std::int64_t flow_meter1 = 0;
  std::int64_t flow_meter2 = 0;
  std::string comment;
  // The staff member who counted (API: "personel" credentials, verified by the caller of this
  // function). Absent: the caller's own personnel record.
  std::optional<std::int64_t> personnel_id;
  // Issue 12, optional; last, so positional initialisers stay valid. The breakdown is stored on
  // the report; pin_total is the PIN terminal's end-of-day total (closing only).
  std::optional<BreakdownInput> breakdown = std::nullopt;
  std::optional<Cents> pin_total = std::nullopt;
};

struct FiledReport {
  domain::Report report;
  domain::BarCycle cycle;  // the cycle it opened, belongs to, or closed
  domain::Personnel personnel;
};

// Checks, in order, each with its named error:
//   caller has an active personnel record            kNotPersonnel
//   action parses                                    kInvalidReportAction
//   resolve_counted_cash (total and/or breakdown)    kInvalidInput / kInvalidAmount
//   domain::validate_report_input                    kInvalidAmount / kInvalidInput
//   validate_pin_total                               kInvalidInput / kInvalidAmount
//   the counting personnel exists and is active      kNotPersonnel
//   open: no cycle is open                           kBarCycleAlreadyOpen
//   middle / close: a cycle is open                  kNoOpenBarCycle
// then writes the report and opens (a new cycle), joins or closes the open cycle. Two concurrent
// openings cannot both succeed, nor two closings (the loser gets the error above). The audit-log
// entry ("file_report", by the caller) is written in the same transaction.
Result<FiledReport> file_report(storage::Database& db, const Clock& clock,
                                const domain::Caller& caller, const ReportRequest& request);

// What a report stores beside domain::ReportInput's count.
struct ReportExtras {
  std::optional<std::string> cash_breakdown;  // canonical JSON text (CountedCash::breakdown_json)
  std::optional<Cents> pin_total;             // validated by validate_pin_total
  std::optional<std::int64_t> count_id;       // the blind count it confirms (audit detail)
};

// file_report's database part inside the caller's transaction, for use cases that file a report
// as one step of theirs (service/blind_count.h confirms a count): the caller did the permission
// check and the input validation. Checks the counting personnel and the cycle state with
// file_report's errors, writes the report, opens / joins / closes the cycle, books the drawer
// difference at opening and closing (service/drawer_count.h) and writes the audit entry.
Result<FiledReport> file_report_in_transaction(storage::Transaction& tx, const Clock& clock,
                                               const domain::Caller& caller,
                                               const domain::ReportInput& input,
                                               std::int64_t personnel_id,
                                               const ReportExtras& extras);

// The database checks of filing a report, with file_report's errors: the counting personnel
// exists and is active (kNotPersonnel); open: no cycle is open (kBarCycleAlreadyOpen); middle /
// close: a cycle is open (kNoOpenBarCycle).
struct ReportState {
  domain::Personnel personnel;
  std::optional<domain::BarCycle> open_cycle;
};
Result<ReportState> check_report_state(storage::Transaction& tx, domain::ReportAction action,
                                       std::int64_t personnel_id);

// The permission to file a report (and to make a blind count): `file_report` and an active
// personnel record. Errors kNotPersonnel, kPermissionDenied.
Status check_can_file_report(const domain::Caller& caller);

// A cycle with its reports and summary. While open, its window runs up to now.
struct BarCycleView {
  domain::BarCycle cycle;
  domain::Report opening;
  std::optional<domain::Report> closing;
  TimestampUs window_from_us = 0;  // the opening report's time
  TimestampUs window_to_us = 0;    // the closing report's time, or now while open
  domain::BarCycleSummary summary;
  // Everyone who filed one of its reports (opening, middle, closing), by personnel id: the
  // board's cycle list shows them as the staff on duty.
  std::vector<domain::Personnel> staff;
  // Its reports, oldest first: the opening, the middle reports, the closing (the board's cycle
  // page shows the middle reports between them).
  std::vector<domain::Report> reports;
  // Each flow meter's readings, and for a configured meter of a closed cycle the litres poured
  // against the litres sold (service/flow_meters_service.h).
  CycleFlowMeters flow_meters;
};

// Personnel, the board and superusers only (kPermissionDenied). Error kNotFound.
Result<BarCycleView> get_bar_cycle(storage::Database& db, const Clock& clock,
                                   const domain::Caller& caller, std::int64_t bar_cycle_id);

// get_bar_cycle's view inside the caller's transaction, without the permission check (the
// caller's use case did it): for use cases that show a cycle with more figures
// (board_reports_service). Error kNotFound.
Result<BarCycleView> load_bar_cycle_view(storage::Transaction& tx, const Clock& clock,
                                         std::int64_t bar_cycle_id);

// Newest first, with summaries and the total count. Same permission as get_bar_cycle.
Result<Page<BarCycleView>> list_bar_cycles(storage::Database& db, const Clock& clock,
                                           const domain::Caller& caller, const PageRequest& page);

// Newest first, with the total count. Same permission as get_bar_cycle.
Result<Page<domain::Report>> list_reports(storage::Database& db, const domain::Caller& caller,
                                          const PageRequest& page);

}  // namespace mamon::service
