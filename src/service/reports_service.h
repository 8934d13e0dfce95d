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
#include "service/pages.h"
#include "storage/database.h"

namespace mamon::service {

struct ReportRequest {
  std::string action;  // "open"/"create", "middle", "close"/"end" (case-insensitive)
  Cents total_cash;
  std::int64_t flow_meter1 = 0;
  std::int64_t flow_meter2 = 0;
  std::string comment;
  // The staff member who counted (API: "personel" credentials, verified by the caller of this
  // function). Absent: the caller's own personnel record.
  std::optional<std::int64_t> personnel_id;
};

struct FiledReport {
  domain::Report report;
  domain::BarCycle cycle;  // the cycle it opened, belongs to, or closed
  domain::Personnel personnel;
};

// Checks, in order, each with its named error:
//   caller has an active personnel record            kNotPersonnel
//   action parses                                    kInvalidReportAction
//   domain::validate_report_input                    kInvalidAmount / kInvalidInput
//   the counting personnel exists and is active      kNotPersonnel
//   open: no cycle is open                           kBarCycleAlreadyOpen
//   middle / close: a cycle is open                  kNoOpenBarCycle
// then writes the report and opens (a new cycle), joins or closes the open cycle. Two concurrent
// openings cannot both succeed, nor two closings (the loser gets the error above). The audit-log
// entry ("file_report", by the caller) is written in the same transaction.
Result<FiledReport> file_report(storage::Database& db, const Clock& clock,
                                const domain::Caller& caller, const ReportRequest& request);

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
