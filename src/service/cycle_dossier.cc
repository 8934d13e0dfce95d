#include "service/cycle_dossier.h"

#include <algorithm>
#include <utility>

#include "service/transactions.h"
#include "storage/reports_repo.h"

namespace mamon::service {
namespace {

domain::CycleCount count_of(const domain::Report& r) {
  return domain::CycleCount{r.total_cash, r.flow_meter1, r.flow_meter2};
}

std::optional<domain::Personnel> personnel_in(const std::vector<domain::Personnel>& staff,
                                              std::int64_t id) {
  for (const domain::Personnel& p : staff) {
    if (p.id == id) return p;
  }
  return std::nullopt;
}

Result<CycleSegment> load_segment(storage::Transaction& tx, const BarCycleView& view,
                                  std::size_t end_index) {
  CycleSegment s;
  s.start = view.reports[end_index - 1];
  s.from_us = s.start.created_at_us;
  const bool last = end_index + 1 >= view.reports.size() && !view.cycle.is_open();
  if (end_index < view.reports.size()) s.end = view.reports[end_index];
  s.to_us = s.end ? s.end->created_at_us : view.window_to_us;
  // Inclusive bounds in storage: all but the cycle's last segment stop just before their end.
  const TimestampUs sum_to = (last || !s.end) ? s.to_us : s.to_us - 1;
  MAMON_TRY(domain::BarCycleSums sums, storage::bar_cycle_sums(tx, s.from_us, sum_to));
  std::optional<domain::CycleCount> closing;
  if (s.end) closing = count_of(*s.end);
  MAMON_TRY(s.summary, domain::summarize_bar_cycle(count_of(s.start), closing, sums));
  MAMON_TRY(s.sellers, storage::sellers_between(tx, s.from_us, sum_to));
  if (s.end) s.counter = personnel_in(view.staff, s.end->personnel_id);
  return s;
}

void add_staff(std::vector<domain::Personnel>& into, const std::vector<domain::Personnel>& more) {
  for (const domain::Personnel& p : more) {
    if (!personnel_in(into, p.id)) into.push_back(p);
  }
}

}  // namespace

Result<CycleDossier> cycle_dossier(storage::Database& db, const Clock& clock,
                                   const domain::Caller& caller, std::int64_t bar_cycle_id) {
  MAMON_RETURN_IF_ERROR(check_can_view_board_reports(caller));
  return run_transaction(
      db, storage::TxMode::kRead, [&](storage::Transaction& tx) -> Result<CycleDossier> {
        CycleDossier d;
        MAMON_TRY(d.cycle, load_bar_cycle_view(tx, clock, bar_cycle_id));
        const BarCycleView& view = d.cycle;
        MAMON_TRY(d.hours, cycle_sales_per_hour(tx, view));
        // The reports, oldest first, start with the opening; one segment ends at each later one,
        // and while open one more runs up to now.
        const std::size_t ends = view.reports.size() + (view.cycle.is_open() ? 1 : 0);
        for (std::size_t i = 1; i < ends; ++i) {
          MAMON_TRY(CycleSegment segment, load_segment(tx, view, i));
          d.segments.push_back(std::move(segment));
        }
        MAMON_TRY(d.counts, storage::report_counts_of_bar_cycle(tx, view.cycle.opening_report_id,
                                                                view.cycle.closing_report_id));
        MAMON_TRY(d.cash_moves, storage::cash_moves_of_bar_cycle(tx, view.cycle.id));
        if (view.closing && view.closing->pin_total) {
          const domain::BarCycleSummary& s = view.summary;
          MAMON_TRY(domain::PinReconciliation pin,
                    domain::reconcile_pin(*view.closing->pin_total, s.sales.pin, s.top_ups.pin,
                                          s.refunds.pin));
          d.pin = pin;
        }
        MAMON_TRY(d.voids,
                  storage::voided_sales_between(tx, view.window_from_us, view.window_to_us));
        MAMON_TRY(d.by_category,
                  category_sales(tx, TimeRange{view.window_from_us, view.window_to_us + 1}));
        d.staff = view.staff;
        MAMON_TRY(std::vector<domain::Personnel> sellers,
                  storage::sellers_between(tx, view.window_from_us, view.window_to_us));
        add_staff(d.staff, sellers);
        std::sort(d.staff.begin(), d.staff.end(),
                  [](const domain::Personnel& a, const domain::Personnel& b) {
                    return std::tie(a.nickname, a.id) < std::tie(b.nickname, b.id);
                  });
        return d;
      });
}

}  // namespace mamon::service
