#include "domain/bar_cycles.h"

#include <initializer_list>

namespace mamon::domain {
namespace {

Result<Cents> sum_of(std::initializer_list<Cents> amounts) {
  Cents total = Cents::zero();
  for (Cents amount : amounts) {
    MAMON_TRY(total, total.plus(amount));
  }
  return total;
}

Result<std::int64_t> checked_delta(std::int64_t closing, std::int64_t opening) {
  std::int64_t out = 0;
  if (__builtin_sub_overflow(closing, opening, &out)) {
    return make_error(ErrorCode::kInvalidAmount, "flow meter delta overflow");
  }
  return out;
}

}  // namespace

Result<BarCycleSummary> summarize_bar_cycle(const CycleCount& opening,
                                            const std::optional<CycleCount>& closing,
                                            const BarCycleSums& sums) {
  BarCycleSummary s;
  s.sales = sums.sales;
  s.top_ups = sums.top_ups;
  s.refunds = sums.refunds;
  s.products = sums.products;
  s.opening_cash = opening.total_cash;
  MAMON_TRY(s.sales_total,
            sum_of({sums.sales.balance, sums.sales.cash, sums.sales.pin, sums.sales.unknown}));
  MAMON_TRY(s.top_ups_total, sum_of({sums.top_ups.cash, sums.top_ups.pin, sums.top_ups.mollie,
                                     sums.top_ups.unknown}));
  MAMON_TRY(s.refunds_total, sum_of({sums.refunds.cash, sums.refunds.pin, sums.refunds.mollie,
                                     sums.refunds.unknown}));

  // Only cash moves the drawer: PIN and wallet money never touch it.
  s.cash_moved_in = sums.cash_moved_in;
  s.cash_moved_out = sums.cash_moved_out;
  MAMON_TRY(Cents cash_in,
            sum_of({opening.total_cash, sums.sales.cash, sums.top_ups.cash, sums.cash_moved_in}));
  MAMON_TRY(Cents cash_out, sum_of({sums.refunds.cash, sums.cash_moved_out}));
  MAMON_TRY(s.expected_cash, cash_in.minus(cash_out));

  if (closing) {
    s.counted_cash = closing->total_cash;
    MAMON_TRY(Cents difference, closing->total_cash.minus(s.expected_cash));
    s.cash_difference = difference;
    FlowMeterDeltas deltas;
    MAMON_TRY(deltas.meter1, checked_delta(closing->flow_meter1, opening.flow_meter1));
    MAMON_TRY(deltas.meter2, checked_delta(closing->flow_meter2, opening.flow_meter2));
    s.flow_meter_deltas = deltas;
  }
  return s;
}

}  // namespace mamon::domain
