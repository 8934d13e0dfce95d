// Bar reports, bar cycles and the money aggregated over a cycle's time window (DESIGN.md §1,
// API.md "Bar reports and cycles"). All calls run inside the caller's transaction.
//
// At most one cycle is open: the schema's unique index bar_cycles_one_open enforces it, so two
// concurrent openings cannot both succeed (the second insert_bar_cycle gets kConflict).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/money.h"
#include "base/result.h"
#include "domain/bar_cycles.h"
#include "domain/reports.h"
#include "domain/users.h"
#include "storage/database.h"

namespace mamon::storage {

struct NewReport {
  std::int64_t personnel_id = 0;
  domain::ReportAction action = domain::ReportAction::kOpen;
  Cents total_cash;
  std::int64_t flow_meter1 = 0;
  std::int64_t flow_meter2 = 0;
  std::string comment;
  std::optional<std::int64_t> bar_cycle_id;
  TimestampUs created_at_us = 0;
  std::optional<std::string> cash_breakdown;  // canonical JSON text, see domain::Report
  std::optional<Cents> pin_total;
};

Result<domain::Report> insert_report(Transaction& tx, const NewReport& report);
Status set_report_bar_cycle(Transaction& tx, std::int64_t report_id, std::int64_t bar_cycle_id);
// What the drawer held in the ledger when the report's count was confirmed (migration 0017): its
// balance before the cash-difference booking, and the newest drawer transfer then (0: none).
Status set_report_drawer_count(Transaction& tx, std::int64_t report_id, Cents drawer_ledger,
                               std::int64_t drawer_anchor_transfer_id);

// Error kNotFound.
Result<domain::Report> find_report(Transaction& tx, std::int64_t report_id);

// The highest report id, 0 when there is none: the cycle state a blind count is made in
// (service/blind_count.h). Every filed report changes it.
Result<std::int64_t> newest_report_id(Transaction& tx);

// Newest first (created_at_us, then id, descending).
Result<std::vector<domain::Report>> list_reports(Transaction& tx, std::int64_t limit,
                                                 std::int64_t offset);
Result<std::int64_t> count_reports(Transaction& tx);

// The open cycle, if any.
Result<std::optional<domain::BarCycle>> find_open_bar_cycle(Transaction& tx);

// Opens a cycle. Error kConflict if one is open already.
Result<domain::BarCycle> insert_bar_cycle(Transaction& tx, std::int64_t opening_report_id);

// Closes the cycle if it is still open; false if it was closed meanwhile (nothing written).
Result<bool> close_bar_cycle(Transaction& tx, std::int64_t bar_cycle_id,
                             std::int64_t closing_report_id);

// Error kNotFound.
Result<domain::BarCycle> find_bar_cycle(Transaction& tx, std::int64_t bar_cycle_id);

// Newest first (by id, descending).
Result<std::vector<domain::BarCycle>> list_bar_cycles(Transaction& tx, std::int64_t limit,
                                                      std::int64_t offset);
Result<std::int64_t> count_bar_cycles(Transaction& tx);

// The cycle's reports (opening, middle, closing), oldest first (by time, then id).
Result<std::vector<domain::Report>> reports_of_bar_cycle(Transaction& tx,
                                                         std::int64_t bar_cycle_id);

// The personnel who filed the cycle's reports, each once, by personnel id.
Result<std::vector<domain::Personnel>> staff_of_bar_cycle(Transaction& tx,
                                                          std::int64_t bar_cycle_id);

// The money that moved with created_at_us in [from_us, to_us] (both inclusive): purchase totals
// by payment method, wallet upgrades by method split into top-ups and refunds, and per product
// the quantity and revenue (quantity x snapshotted unit price), by product id. Voided purchases
// are left out: a void nets out in the bar cycle of the purchase it reverses.
Result<domain::BarCycleSums> bar_cycle_sums(Transaction& tx, TimestampUs from_us,
                                            TimestampUs to_us);

}  // namespace mamon::storage
