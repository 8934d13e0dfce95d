#include "service/reports_service.h"

#include <nlohmann/json.hpp>

#include "service/drawer_count.h"
#include "service/report_input_check.h"
#include "service/transactions.h"
#include "storage/audit_repo.h"
#include "storage/holders_repo.h"
#include "storage/reports_repo.h"

namespace mamon::service {
namespace {

Error not_personnel() {
  return make_error(ErrorCode::kNotPersonnel, "Only active bar staff can file reports.");
}

Status check_can_view(const domain::Caller& caller) {
  if (domain::can_view_sales(caller)) return ok_status();
  return domain::permission_denied_error(domain::Permission::kViewSales,
                                         "Only bar staff and the board can see bar reports.");
}

Result<domain::Personnel> counting_personnel(storage::Transaction& tx, std::int64_t id) {
  Result<domain::Personnel> personnel = storage::find_personnel(tx, id);
  if (!personnel.ok() && personnel.error().code != ErrorCode::kNotFound) return personnel.error();
  if (!personnel.ok() || !personnel->active) return not_personnel();
  return personnel;
}

domain::CycleCount count_of(const domain::Report& report) {
  return domain::CycleCount{report.total_cash, report.flow_meter1, report.flow_meter2};
}

Result<BarCycleView> load_cycle_view(storage::Transaction& tx, const Clock& clock,
                                     const domain::BarCycle& cycle) {
  BarCycleView view;
  view.cycle = cycle;
  MAMON_TRY(view.opening, storage::find_report(tx, cycle.opening_report_id));
  view.window_from_us = view.opening.created_at_us;
  view.window_to_us = clock.now_us();
  if (cycle.closing_report_id) {
    MAMON_TRY(view.closing, storage::find_report(tx, *cycle.closing_report_id));
    view.window_to_us = view.closing->created_at_us;
  }
  MAMON_TRY(domain::BarCycleSums sums,
            storage::bar_cycle_sums(tx, view.window_from_us, view.window_to_us));
  std::optional<domain::CycleCount> closing_count;
  if (view.closing) closing_count = count_of(*view.closing);
  MAMON_TRY(view.summary, domain::summarize_bar_cycle(count_of(view.opening), closing_count, sums));
  MAMON_TRY(view.staff, storage::staff_of_bar_cycle(tx, cycle.id));
  MAMON_TRY(view.reports, storage::reports_of_bar_cycle(tx, cycle.id));
  MAMON_TRY(view.flow_meters, cycle_flow_meters(tx, view.opening, view.closing, view.window_from_us,
                                                view.window_to_us));
  return view;
}

Result<FiledReport> file_report_in(storage::Transaction& tx, const Clock& clock,
                                   const domain::ReportInput& input, std::int64_t personnel_id,
                                   const ReportExtras& extras) {
  // Validations against the database.
  MAMON_TRY(ReportState state, check_report_state(tx, input.action, personnel_id));
  domain::Personnel personnel = std::move(state.personnel);
  const std::optional<domain::BarCycle>& open_cycle = state.open_cycle;

  // ---- Writes from here. A concurrent opening or closing may still win the race; the unique
  // index / conditional update turn that into the same errors, and nothing stays. ----
  storage::NewReport new_report;
  new_report.personnel_id = personnel.id;
  new_report.action = input.action;
  new_report.total_cash = input.total_cash;
  new_report.flow_meter1 = input.flow_meter1;
  new_report.flow_meter2 = input.flow_meter2;
  new_report.comment = input.comment;
  new_report.created_at_us = clock.now_us();
  new_report.cash_breakdown = extras.cash_breakdown;
  new_report.pin_total = extras.pin_total;
  if (open_cycle) new_report.bar_cycle_id = open_cycle->id;
  MAMON_TRY(domain::Report report, storage::insert_report(tx, new_report));

  domain::BarCycle cycle;
  if (input.action == domain::ReportAction::kOpen) {
    Result<domain::BarCycle> opened = storage::insert_bar_cycle(tx, report.id);
    if (!opened.ok() && opened.error().code == ErrorCode::kConflict) {
      return make_error(ErrorCode::kBarCycleAlreadyOpen,
                        "A bar cycle was opened at the same moment.", "action");
    }
    MAMON_TRY(cycle, std::move(opened));
    MAMON_RETURN_IF_ERROR(storage::set_report_bar_cycle(tx, report.id, cycle.id));
    report.bar_cycle_id = cycle.id;
  } else {
    cycle = *open_cycle;
    if (input.action == domain::ReportAction::kClose) {
      MAMON_TRY(bool closed, storage::close_bar_cycle(tx, cycle.id, report.id));
      if (!closed) {
        return make_error(ErrorCode::kNoOpenBarCycle, "The bar cycle was closed meanwhile.",
                          "action");
      }
      cycle.closing_report_id = report.id;
    }
  }
  // An opening or closing count is confirmed as it is filed (the app has no recount step): the
  // ledger's drawer is made equal to it, in this transaction (service/drawer_count.h).
  if (input.action == domain::ReportAction::kOpen || input.action == domain::ReportAction::kClose) {
    MAMON_TRY(DrawerCountBooking booked,
              book_drawer_count(tx, report.id, input.total_cash, new_report.created_at_us));
    static_cast<void>(booked);
  }
  return FiledReport{std::move(report), cycle, std::move(personnel)};
}

// The audit-log entry of a filed count (issue 9 item 8), in its transaction: who filed it for
// which staff member, the counted cash and meters, and the bar cycle it opened, is in or closed.
Status audit_report(storage::Transaction& tx, const domain::Caller& caller,
                    const FiledReport& filed, const ReportExtras& extras) {
  const domain::Report& r = filed.report;
  storage::NewAuditEntry entry;
  entry.user_id = caller.user_id;
  entry.action = "file_report";
  entry.object_type = "report";
  entry.object_id = std::to_string(r.id);
  nlohmann::json detail{{"report_action", std::string(domain::report_action_name(r.action))},
                        {"personnel_id", r.personnel_id},
                        {"bar_cycle_id", filed.cycle.id},
                        {"total_cash", r.total_cash.to_string()},
                        {"flow_meter1", r.flow_meter1},
                        {"flow_meter2", r.flow_meter2},
                        {"comment", r.comment}};
  if (r.cash_breakdown) detail["cash_breakdown"] = *r.cash_breakdown;  // JSON text, as stored
  if (r.pin_total) detail["pin_total"] = r.pin_total->to_string();
  if (extras.count_id) detail["count_id"] = *extras.count_id;
  entry.detail = detail.dump();
  entry.created_at_us = r.created_at_us;
  return storage::insert_audit_entry(tx, entry);
}

}  // namespace

Result<ReportState> check_report_state(storage::Transaction& tx, domain::ReportAction action,
                                       std::int64_t personnel_id) {
  ReportState state;
  MAMON_TRY(state.personnel, counting_personnel(tx, personnel_id));
  MAMON_TRY(state.open_cycle, storage::find_open_bar_cycle(tx));
  if (action == domain::ReportAction::kOpen && state.open_cycle) {
    return make_error(ErrorCode::kBarCycleAlreadyOpen,
                      "A bar cycle is open already; close it first.", "action");
  }
  if (action != domain::ReportAction::kOpen && !state.open_cycle) {
    return make_error(ErrorCode::kNoOpenBarCycle, "No bar cycle is open.", "action");
  }
  return state;
}

// Filing needs `file_report` and an active personnel record (the report names its staff member).
Status check_can_file_report(const domain::Caller& caller) {
  if (domain::can_file_report(caller)) return ok_status();
  if (!domain::is_personnel(caller)) {
    return domain::not_personnel_error(not_personnel().message, domain::Permission::kFileReport);
  }
  return domain::permission_denied_error(domain::Permission::kFileReport,
                                         "You may not file bar reports.");
}

Result<FiledReport> file_report_in_transaction(storage::Transaction& tx, const Clock& clock,
                                               const domain::Caller& caller,
                                               const domain::ReportInput& input,
                                               std::int64_t personnel_id,
                                               const ReportExtras& extras) {
  MAMON_TRY(FiledReport filed, file_report_in(tx, clock, input, personnel_id, extras));
  MAMON_RETURN_IF_ERROR(audit_report(tx, caller, filed, extras));
  return filed;
}

Result<FiledReport> file_report(storage::Database& db, const Clock& clock,
                                const domain::Caller& caller, const ReportRequest& request) {
  // Validations that need no database.
  MAMON_RETURN_IF_ERROR(check_can_file_report(caller));
  MAMON_TRY(CheckedReportInput checked,
            check_report_input(request.action, request.total_cash, request.breakdown,
                               request.pin_total, request.flow_meter1, request.flow_meter2,
                               request.comment));
  const domain::ReportInput& input = checked.input;
  const std::int64_t personnel_id = request.personnel_id.value_or(*caller.personnel_id);
  const ReportExtras extras{std::move(checked.counted.breakdown_json), request.pin_total,
                            std::nullopt};

  return run_transaction(db, storage::TxMode::kWrite, [&](storage::Transaction& tx) {
    return file_report_in_transaction(tx, clock, caller, input, personnel_id, extras);
  });
}

Result<BarCycleView> load_bar_cycle_view(storage::Transaction& tx, const Clock& clock,
                                         std::int64_t bar_cycle_id) {
  MAMON_TRY(domain::BarCycle cycle, storage::find_bar_cycle(tx, bar_cycle_id));
  return load_cycle_view(tx, clock, cycle);
}

Result<BarCycleView> get_bar_cycle(storage::Database& db, const Clock& clock,
                                   const domain::Caller& caller, std::int64_t bar_cycle_id) {
  MAMON_RETURN_IF_ERROR(check_can_view(caller));
  return run_transaction(db, storage::TxMode::kRead, [&](storage::Transaction& tx) {
    return load_bar_cycle_view(tx, clock, bar_cycle_id);
  });
}

Result<Page<BarCycleView>> list_bar_cycles(storage::Database& db, const Clock& clock,
                                           const domain::Caller& caller, const PageRequest& page) {
  MAMON_RETURN_IF_ERROR(check_can_view(caller));
  MAMON_RETURN_IF_ERROR(validate_page_request(page));
  return run_transaction(
      db, storage::TxMode::kRead, [&](storage::Transaction& tx) -> Result<Page<BarCycleView>> {
        Page<BarCycleView> out;
        MAMON_TRY(out.total, storage::count_bar_cycles(tx));
        MAMON_TRY(std::vector<domain::BarCycle> cycles,
                  storage::list_bar_cycles(tx, page.page_size, page_offset(page)));
        for (const domain::BarCycle& cycle : cycles) {
          MAMON_TRY(BarCycleView view, load_cycle_view(tx, clock, cycle));
          out.items.push_back(std::move(view));
        }
        return out;
      });
}

Result<Page<domain::Report>> list_reports(storage::Database& db, const domain::Caller& caller,
                                          const PageRequest& page) {
  MAMON_RETURN_IF_ERROR(check_can_view(caller));
  MAMON_RETURN_IF_ERROR(validate_page_request(page));
  return run_transaction(
      db, storage::TxMode::kRead, [&](storage::Transaction& tx) -> Result<Page<domain::Report>> {
        Page<domain::Report> out;
        MAMON_TRY(out.total, storage::count_reports(tx));
        MAMON_TRY(out.items, storage::list_reports(tx, page.page_size, page_offset(page)));
        return out;
      });
}

}  // namespace mamon::service
