// Blind counts at the bar (issue 12, "Reports at the POS"). A staff member counts the drawer
// without seeing what the ledger expects; only after the count is stored does the server say
// what it expected and the difference. The staff member then confirms the count, which files the
// report, or counts again, which is simply another submit_count: every attempt is kept
// (storage/report_counts_repo.h), the confirmed one is the report, nothing is ever edited.
//
// The expected cash is the drawer's ledger balance (debits - credits of `cash_drawer`) at the
// moment of submission: after the opening count's cash-difference booking it is the opening
// count plus the cycle's cash in minus cash out (service/drawer_count.h). The booking at
// confirmation uses the drawer at that moment, so the ledger's drawer equals the confirmed count.
//
// Each call is one database transaction. Thread-safe like reports_service.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/money.h"
#include "base/result.h"
#include "domain/reports.h"
#include "domain/users.h"
#include "service/counted_cash.h"
#include "service/reports_service.h"
#include "storage/database.h"

namespace mamon::service {

struct CountRequest {
  std::string action;  // as ReportRequest: "open"/"create", "middle", "close"/"end"
  // A total, a denomination breakdown, or both (they must agree): service/counted_cash.h.
  std::optional<Cents> total_cash;
  std::optional<BreakdownInput> breakdown;
  std::optional<Cents> pin_total;  // the PIN terminal's end-of-day total, closing only
  std::int64_t flow_meter1 = 0;
  std::int64_t flow_meter2 = 0;
  std::string comment;
};

struct SubmittedCount {
  std::int64_t count_id = 0;
  domain::ReportAction action = domain::ReportAction::kOpen;  // as parsed from the request
  Cents counted;
  Cents expected;    // the drawer's ledger balance at submission
  Cents difference;  // counted - expected; negative: cash is missing
};

// Stores one count attempt of the caller's personnel record and only then returns what was
// expected. Checks, in order, each with its named error:
//   caller may file reports (check_can_file_report)   kNotPersonnel / kPermissionDenied
//   action parses                                     kInvalidReportAction
//   resolve_counted_cash                              kInvalidInput / kInvalidAmount
//   domain::validate_report_input                     kInvalidAmount / kInvalidInput
//   validate_pin_total (closing only)                 kInvalidInput / kInvalidAmount
//   the caller's personnel record is active           kNotPersonnel
//   open: no cycle is open                            kBarCycleAlreadyOpen
//   middle / close: a cycle is open                   kNoOpenBarCycle
// Writes nothing else: no report, no booking, no audit entry (a count is not a decision yet).
Result<SubmittedCount> submit_count(storage::Database& db, const Clock& clock,
                                    const domain::Caller& caller, const CountRequest& request);

// Files the report of a submitted count, in one transaction: the report with the count's total,
// breakdown, PIN total, meters and comment, the cycle opened / joined / closed, the drawer booking
// at opening and closing, the count's link to the report, and the audit entry ("file_report",
// with the count's id). Checks, in order:
//   caller may file reports                              kNotPersonnel / kPermissionDenied
//   the count exists                                     kNotFound (field "count")
//   the caller's personnel record submitted it           kPermissionDenied
//   it is not confirmed yet                              kConflict (field "count")
//   no report was filed since it was submitted (the
//   cycle state it was counted in still holds)           kConflict (field "count")
//   then file_report's database checks and errors.
// Of two concurrent confirmations of one count, one wins; the other gets kConflict and writes
// nothing.
Result<FiledReport> confirm_count(storage::Database& db, const Clock& clock,
                                  const domain::Caller& caller, std::int64_t count_id);

}  // namespace mamon::service
