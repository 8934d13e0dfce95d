// Blind-count attempts (issue 12, "Reports at the POS"; migration 0018): every count a staff
// member submits, with the expected cash the server computed at that moment. All calls run inside
// the caller's transaction. A row is never changed after its insert except for setting its
// confirmed report once (set_report_count_confirmed); nothing deletes one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/money.h"
#include "base/result.h"
#include "domain/reports.h"
#include "storage/database.h"

namespace mamon::storage {

struct NewReportCount {
  std::int64_t personnel_id = 0;
  domain::ReportAction action = domain::ReportAction::kOpen;  // open, middle or close
  std::optional<std::int64_t> bar_cycle_id;  // the cycle open at submission; none for an opening
  std::int64_t state_report_id = 0;          // storage::newest_report_id at submission
  Cents counted;
  std::optional<std::string> cash_breakdown;  // canonical JSON text
  std::optional<Cents> pin_total;
  Cents expected;  // the drawer's ledger balance at submission (may be negative)
  std::int64_t flow_meter1 = 0;
  std::int64_t flow_meter2 = 0;
  std::string comment;
  TimestampUs created_at_us = 0;
};

struct ReportCount : NewReportCount {
  std::int64_t id = 0;
  std::optional<std::int64_t> confirmed_report_id;  // none until confirmed
};

Result<ReportCount> insert_report_count(Transaction& tx, const NewReportCount& count);

// Error kNotFound.
Result<ReportCount> find_report_count(Transaction& tx, std::int64_t count_id);

// Links the count to the report its confirmation filed; false (nothing written) if it was
// confirmed already. A conditional UPDATE: of two concurrent confirmations the second waits for
// the first and then gets false, so its transaction (and the report it filed) rolls back.
Result<bool> set_report_count_confirmed(Transaction& tx, std::int64_t count_id,
                                        std::int64_t report_id);

// Every count attempt made for one bar cycle, oldest first: those counted in a state the cycle
// was in, from the state before its opening report (the attempts at opening) up to, not
// including, its closing report (whose state the next cycle's opening attempts are counted in).
// `closing_report_id` is none while the cycle is open.
Result<std::vector<ReportCount>> report_counts_of_bar_cycle(
    Transaction& tx, std::int64_t opening_report_id, std::optional<std::int64_t> closing_report_id);

}  // namespace mamon::storage
