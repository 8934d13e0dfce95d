#include "service/blind_count.h"

#include <utility>

#include "domain/permissions.h"
#include "domain/reports.h"
#include "service/report_input_check.h"
#include "service/transactions.h"
#include "storage/drawer_repo.h"
#include "storage/report_counts_repo.h"
#include "storage/reports_repo.h"

namespace mamon::service {
namespace {

Error stale_count_error() {
  return make_error(ErrorCode::kConflict,
                    "A report was filed since this count was made; count again.", "count");
}

}  // namespace

Result<SubmittedCount> submit_count(storage::Database& db, const Clock& clock,
                                    const domain::Caller& caller, const CountRequest& request) {
  // Validations that need no database.
  MAMON_RETURN_IF_ERROR(check_can_file_report(caller));
  MAMON_TRY(CheckedReportInput checked,
            check_report_input(request.action, request.total_cash, request.breakdown,
                               request.pin_total, request.flow_meter1, request.flow_meter2,
                               request.comment));
  const domain::ReportInput& input = checked.input;
  const domain::ReportAction action = input.action;
  CountedCash& counted = checked.counted;
  const std::int64_t personnel_id = *caller.personnel_id;

  return run_transaction(
      db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<SubmittedCount> {
        MAMON_TRY(ReportState state, check_report_state(tx, action, personnel_id));
        // The drawer as the ledger has it now; locked like a confirmed count reads it, so the
        // expected value is not a half-written sale's.
        MAMON_TRY(storage::DrawerAtCount drawer, storage::lock_drawer_for_count(tx));
        MAMON_TRY(Cents difference, counted.total.minus(drawer.balance));

        // ---- Writes from here: one row, the attempt. ----
        storage::NewReportCount row;
        row.personnel_id = state.personnel.id;
        row.action = action;
        if (state.open_cycle) row.bar_cycle_id = state.open_cycle->id;
        MAMON_TRY(row.state_report_id, storage::newest_report_id(tx));
        row.counted = counted.total;
        row.cash_breakdown = std::move(counted.breakdown_json);
        row.pin_total = request.pin_total;
        row.expected = drawer.balance;
        row.flow_meter1 = input.flow_meter1;
        row.flow_meter2 = input.flow_meter2;
        row.comment = input.comment;
        row.created_at_us = clock.now_us();
        MAMON_TRY(storage::ReportCount stored, storage::insert_report_count(tx, row));
        return SubmittedCount{stored.id, action, stored.counted, stored.expected, difference};
      });
}

Result<FiledReport> confirm_count(storage::Database& db, const Clock& clock,
                                  const domain::Caller& caller, std::int64_t count_id) {
  MAMON_RETURN_IF_ERROR(check_can_file_report(caller));
  const std::int64_t personnel_id = *caller.personnel_id;

  return run_transaction(
      db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<FiledReport> {
        MAMON_TRY(storage::ReportCount count, storage::find_report_count(tx, count_id));
        if (count.personnel_id != personnel_id) {
          return domain::permission_denied_error(
              domain::Permission::kFileReport,
              "Only the staff member who counted can confirm the count.");
        }
        if (count.confirmed_report_id) {
          return make_error(ErrorCode::kConflict, "This count is confirmed already.", "count");
        }
        MAMON_TRY(std::int64_t newest_report, storage::newest_report_id(tx));
        if (newest_report != count.state_report_id) return stale_count_error();

        domain::ReportInput input;
        input.action = count.action;
        input.total_cash = count.counted;
        input.flow_meter1 = count.flow_meter1;
        input.flow_meter2 = count.flow_meter2;
        input.comment = count.comment;
        const ReportExtras extras{count.cash_breakdown, count.pin_total, count.id};
        MAMON_TRY(FiledReport filed,
                  file_report_in_transaction(tx, clock, caller, input, count.personnel_id, extras));
        MAMON_TRY(bool linked, storage::set_report_count_confirmed(tx, count.id, filed.report.id));
        if (!linked) {
          // A concurrent confirmation won; this transaction rolls back with its report.
          return make_error(ErrorCode::kConflict, "This count is confirmed already.", "count");
        }
        return filed;
      });
}

}  // namespace mamon::service
