// The bar cycle's dossier (issue 12 item 4): everything the treasurer needs to read one evening
// on one page, beyond the cycle summary of reports_service: the cycle split into segments by its
// reports (so a cash difference is placed in time, next to the staff on duty then), every count
// attempt (blind counts: the confirmed ones are the reports), the cash moved in and out, the PIN
// terminal's total against the PIN bookings, the voided sales, and sales by category.
//
// Segments. Reports r0 (opening), r1..r(n-1) (middle), rn (closing; while open the last segment
// runs up to now). Segment i covers [r(i-1), r(i)) - the last one includes its end - so the
// segments partition the cycle's window. For each:
//   expected   = the count at its start + cash sales + cash top-ups - cash refunds + cash moved
//                in - cash moved out within it (domain::summarize_bar_cycle's rule)
//   difference = the count at its end - expected
// Middle reports book nothing in the ledger, yet each segment starts from the count before it,
// so the differences of the segments add up to the cycle's cash difference.
// Thread-safe: one read transaction per call.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "base/clock.h"
#include "base/money.h"
#include "base/result.h"
#include "domain/bar_cycles.h"
#include "domain/close_out.h"
#include "domain/permissions.h"
#include "service/board_reports_service.h"
#include "service/reports_service.h"
#include "storage/cash_moves_repo.h"
#include "storage/cycle_activity_repo.h"
#include "storage/database.h"
#include "storage/report_counts_repo.h"

namespace mamon::service {

struct CycleSegment {
  domain::Report start;               // the opening or a middle report
  std::optional<domain::Report> end;  // a middle or the closing report; none: open, up to now
  TimestampUs from_us = 0;
  TimestampUs to_us = 0;  // exclusive, but for the last segment, which includes it
  // domain::summarize_bar_cycle over the segment: start's count as the opening, end's as the
  // closing (expected_cash, counted_cash, cash_difference, sales, flow-meter deltas).
  domain::BarCycleSummary summary;
  std::vector<domain::Personnel> sellers;    // who sold in the segment, by nickname
  std::optional<domain::Personnel> counter;  // who filed the end report
};

struct CycleDossier {
  BarCycleView cycle;
  std::vector<HourSales> hours;  // sales per local hour of the window (cycle_sales_per_hour)
  std::vector<CycleSegment> segments;
  std::vector<storage::ReportCount> counts;  // every attempt, oldest first
  std::vector<storage::CashMove> cash_moves;
  // The closing report's PIN terminal total against the cycle's PIN sales + top-ups - refunds;
  // none while open or when the closing report has no PIN total.
  std::optional<domain::PinReconciliation> pin;
  std::vector<storage::VoidedSale> voids;   // sales of the cycle voided since
  std::vector<CategorySales> by_category;   // as the overview's: categories may overlap
  std::vector<domain::Personnel> staff;     // everyone who counted or sold, by nickname
};

// The board's permission (check_can_view_board_reports: kPermissionDenied). Errors: kNotFound;
// kInvalidAmount on an overflowing sum (broken data); kInvalidInput when the window spans more
// than limits::kReportPeriodsMax hours (cycle_sales_per_hour).
Result<CycleDossier> cycle_dossier(storage::Database& db, const Clock& clock,
                                   const domain::Caller& caller, std::int64_t bar_cycle_id);

}  // namespace mamon::service
