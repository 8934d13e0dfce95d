#include "service/board_reports_service.h"

#include <algorithm>
#include <tuple>

#include "base/limits.h"
#include "service/transactions.h"
#include "storage/board_reports_repo.h"
#include "storage/products_repo.h"

namespace mamon::service {
namespace {

constexpr TimestampUs kHourUs = 3600LL * 1'000'000;

Status check_dates(const LocalDateRange& dates) {
  if (dates.last < dates.first) {
    return make_error(ErrorCode::kInvalidInput, "The end date is before the start date.", "end");
  }
  return ok_status();
}

Error too_many_periods(std::string_view what) {
  return make_error(ErrorCode::kInvalidInput,
                    std::string("Too many ") + std::string(what) + " for one report (at most " +
                        std::to_string(limits::kReportPeriodsMax) + ").",
                    "end");
}

// into += value, checked (sums of figures the database summed; overflow means broken data).
Status add_checked(std::int64_t& into, std::int64_t value) {
  if (__builtin_add_overflow(into, value, &into)) {
    return make_error(ErrorCode::kInvalidAmount, "A report total does not fit in 64 bits.");
  }
  return ok_status();
}

// Adds `cents` under `method` and to the total; count += `count`.
Status add_sale(SalesFigures& figures, domain::PaymentMethod method, Cents cents,
                std::int64_t count) {
  Cents* slot = nullptr;
  switch (method) {
    case domain::PaymentMethod::kBalance:
      slot = &figures.by_method.balance;
      break;
    case domain::PaymentMethod::kCash:
      slot = &figures.by_method.cash;
      break;
    case domain::PaymentMethod::kPin:
      slot = &figures.by_method.pin;
      break;
    case domain::PaymentMethod::kUnknown:
      slot = &figures.by_method.unknown;
      break;
  }
  MAMON_TRY(*slot, slot->plus(cents));
  MAMON_TRY(figures.total, figures.total.plus(cents));
  figures.count += count;
  return ok_status();
}

Status add_upgrade(UpgradeFigures& figures, domain::UpgradeMethod method, Cents cents,
                   std::int64_t count) {
  Cents* slot = nullptr;
  switch (method) {
    case domain::UpgradeMethod::kCash:
      slot = &figures.by_method.cash;
      break;
    case domain::UpgradeMethod::kPin:
      slot = &figures.by_method.pin;
      break;
    case domain::UpgradeMethod::kMollie:
      slot = &figures.by_method.mollie;
      break;
    case domain::UpgradeMethod::kUnknown:
      slot = &figures.by_method.unknown;
      break;
  }
  MAMON_TRY(*slot, slot->plus(cents));
  MAMON_TRY(figures.total, figures.total.plus(cents));
  figures.count += count;
  return ok_status();
}

Status load_sales(storage::Transaction& tx, Overview& out) {
  MAMON_TRY(std::vector<storage::SalesCell> cells,
            storage::sales_by_buyer_and_method(tx, out.range, kVisitorsGroup));
  for (const storage::SalesCell& cell : cells) {
    SalesFigures& group = cell.buyer == storage::BuyerKind::kMember    ? out.by_buyer.members
                          : cell.buyer == storage::BuyerKind::kVisitor ? out.by_buyer.visitors
                                                                       : out.by_buyer.anonymous;
    MAMON_RETURN_IF_ERROR(add_sale(group, cell.method, cell.total, cell.purchases));
    MAMON_RETURN_IF_ERROR(add_sale(out.sales, cell.method, cell.total, cell.purchases));
  }
  return ok_status();
}

Status load_line_tables(storage::Transaction& tx, Overview& out) {
  MAMON_TRY(std::vector<storage::LineSalesCell> accounts,
            storage::sales_by_ledger_account(tx, out.range));
  // Cells arrive ordered by account: one row per run, the none account ("") moved last.
  std::optional<LedgerAccountSales> none;
  for (const storage::LineSalesCell& cell : accounts) {
    LedgerAccountSales* row = nullptr;
    if (cell.key.empty()) {
      if (!none) none = LedgerAccountSales{};
      row = &*none;
    } else {
      if (out.by_ledger_account.empty() ||
          out.by_ledger_account.back().ledger_account != cell.key) {
        out.by_ledger_account.push_back(LedgerAccountSales{cell.key, {}});
      }
      row = &out.by_ledger_account.back();
    }
    MAMON_RETURN_IF_ERROR(add_sale(row->sales, cell.method, cell.revenue, cell.quantity));
  }
  // Byte order, not the database's collation: both backends answer alike.
  std::sort(out.by_ledger_account.begin(), out.by_ledger_account.end(),
            [](const LedgerAccountSales& a, const LedgerAccountSales& b) {
              return a.ledger_account < b.ledger_account;
            });
  if (none) out.by_ledger_account.push_back(std::move(*none));

  MAMON_TRY(out.by_category, category_sales(tx, out.range));
  return ok_status();
}

Status load_upgrades(storage::Transaction& tx, Overview& out) {
  MAMON_TRY(std::vector<storage::UpgradeCell> cells, storage::upgrades_by_method(tx, out.range));
  for (const storage::UpgradeCell& cell : cells) {
    MAMON_RETURN_IF_ERROR(
        add_upgrade(cell.refund ? out.refunds : out.top_ups, cell.method, cell.amount, cell.count));
  }
  return ok_status();
}

Result<Reconciliation> reconcile(storage::Transaction& tx, TimeRange range) {
  Reconciliation rec;
  MAMON_TRY(rec.opening, storage::wallet_liability_before(tx, range.start_us));
  MAMON_TRY(std::vector<storage::WalletMovementCell> cells, storage::wallet_movements(tx, range));
  for (const storage::WalletMovementCell& cell : cells) {
    MAMON_TRY(Cents net, cell.into_wallets.minus(cell.out_of_wallets));
    MAMON_TRY(rec.movements_net, rec.movements_net.plus(net));
    rec.lines.push_back(ReconciliationLine{cell.kind, cell.counter_account, cell.transfers,
                                           cell.into_wallets, cell.out_of_wallets, net});
  }
  // Independently of the lines: the liability from every transfer before the range's end.
  MAMON_TRY(rec.closing, storage::wallet_liability_before(tx, range.end_us));
  MAMON_TRY(Cents expected, rec.opening.plus(rec.movements_net));
  rec.balances = expected == rec.closing;
  return rec;
}

// The periods of a grid: local days, or calendar months clipped to the dates.
Result<std::vector<GridPeriod>> grid_periods(const LocalDateRange& dates,
                                             GridGranularity granularity) {
  std::vector<GridPeriod> periods;
  if (granularity == GridGranularity::kDay) {
    if (days_between(dates.first, dates.last) + 1 > limits::kReportPeriodsMax) {
      return too_many_periods("days");
    }
    for (LocalDate day = dates.first; day <= dates.last; day = add_days(day, 1)) {
      periods.push_back(GridPeriod{day, day, local_days(day, day)});
    }
    return periods;
  }
  const int months =
      (dates.last.year - dates.first.year) * 12 + dates.last.month - dates.first.month + 1;
  if (months > limits::kReportPeriodsMax) return too_many_periods("months");
  for (LocalDate first = dates.first; first <= dates.last; first = next_month(first)) {
    LocalDate last = add_days(next_month(first), -1);
    if (dates.last < last) last = dates.last;
    periods.push_back(GridPeriod{first, last, local_days(first, last)});
  }
  return periods;
}

// n+1 edges of n contiguous periods.
template <typename Period>
std::vector<TimestampUs> edges_of(const std::vector<Period>& periods) {
  std::vector<TimestampUs> edges;
  edges.reserve(periods.size() + 1);
  for (const Period& p : periods) edges.push_back(p.range.start_us);
  edges.push_back(periods.back().range.end_us);
  return edges;
}

// The local hours of [from_us, to_us] (both included: a cycle's window), clipped to it.
Result<std::vector<HourSales>> cycle_hours(TimestampUs from_us, TimestampUs to_us) {
  std::vector<HourSales> hours;
  const TimestampUs end_us = to_us + 1;
  TimestampUs start = from_us;
  while (start < end_us) {
    if (hours.size() >= static_cast<std::size_t>(limits::kReportPeriodsMax)) {
      return too_many_periods("hours");
    }
    TimestampUs next = start_of_local_hour(start) + kHourUs;
    if (next > end_us) next = end_us;
    HourSales hour;
    hour.range = TimeRange{start, next};
    hour.date = local_date_of(start);
    hour.hour = local_hour_of(start);
    hours.push_back(hour);
    start = next;
  }
  return hours;
}

}  // namespace

// The board's reports permission, view_reports (WEB.md §3: Bestuur, Kascommissie). Not
// view_sales: that one lets every bar staff member read the bar's lists, and the board's figures
// are not theirs.
Status check_can_view_board_reports(const domain::Caller& caller) {
  if (domain::has_permission(caller, domain::Permission::kViewReports)) return ok_status();
  return domain::permission_denied_error(domain::Permission::kViewReports,
                                         "Only the board can see the board's reports.");
}

Result<std::vector<CategorySales>> category_sales(storage::Transaction& tx, TimeRange range) {
  std::vector<CategorySales> out;
  MAMON_TRY(std::vector<storage::LineSalesCell> categories, storage::sales_by_category(tx, range));
  for (const storage::LineSalesCell& cell : categories) {
    if (out.empty() || out.back().category_id != cell.category_id) {
      out.push_back(CategorySales{cell.category_id, cell.key, {}});
    }
    MAMON_RETURN_IF_ERROR(add_sale(out.back().sales, cell.method, cell.revenue, cell.quantity));
  }
  // By name in byte order, then id; the products in no category last.
  std::sort(out.begin(), out.end(), [](const CategorySales& a, const CategorySales& b) {
    return std::make_tuple(!a.category_id, a.category_name, a.category_id) <
           std::make_tuple(!b.category_id, b.category_name, b.category_id);
  });
  return out;
}

Result<Overview> overview(storage::Database& db, const domain::Caller& caller,
                          const LocalDateRange& dates) {
  MAMON_RETURN_IF_ERROR(check_can_view_board_reports(caller));
  MAMON_RETURN_IF_ERROR(check_dates(dates));
  return run_transaction(db, storage::TxMode::kRead,
                         [&](storage::Transaction& tx) -> Result<Overview> {
                           Overview out;
                           out.dates = dates;
                           out.range = local_days(dates.first, dates.last);
                           MAMON_RETURN_IF_ERROR(load_sales(tx, out));
                           MAMON_RETURN_IF_ERROR(load_line_tables(tx, out));
                           MAMON_RETURN_IF_ERROR(load_upgrades(tx, out));
                           MAMON_TRY(out.reconciliation, reconcile(tx, out.range));
                           return out;
                         });
}

Result<DailyGrid> daily_grid(storage::Database& db, const domain::Caller& caller,
                             const GridRequest& request) {
  MAMON_RETURN_IF_ERROR(check_can_view_board_reports(caller));
  MAMON_RETURN_IF_ERROR(check_dates(request.dates));
  DailyGrid grid;
  grid.measure = request.measure;
  MAMON_TRY(grid.periods, grid_periods(request.dates, request.granularity));
  const std::vector<TimestampUs> edges = edges_of(grid.periods);
  storage::LineFilter filter;
  filter.category_id = request.category_id;
  MAMON_TRY(std::vector<storage::ProductBucketCell> cells,
            run_transaction(db, storage::TxMode::kRead, [&](storage::Transaction& tx) {
              return storage::line_sales_by_bucket(tx, edges, filter);
            }));

  const std::size_t n = grid.periods.size();
  grid.column_totals.assign(n, 0);
  // Cells arrive ordered by product: one row per run. The sums below add at most n cells per
  // row of figures the database already summed; checked, as money always is.
  for (const storage::ProductBucketCell& cell : cells) {
    if (grid.rows.empty() || grid.rows.back().product_id != cell.product_id) {
      grid.rows.push_back(
          GridRow{cell.product_id, cell.product_name, std::vector<std::int64_t>(n, 0), 0});
    }
    GridRow& row = grid.rows.back();
    const std::int64_t value =
        request.measure == GridMeasure::kCents ? cell.revenue.value() : cell.quantity;
    row.cells[cell.bucket] = value;
    MAMON_RETURN_IF_ERROR(add_checked(row.total, value));
    MAMON_RETURN_IF_ERROR(add_checked(grid.column_totals[cell.bucket], value));
    MAMON_RETURN_IF_ERROR(add_checked(grid.grand_total, value));
  }
  std::sort(grid.rows.begin(), grid.rows.end(), [](const GridRow& a, const GridRow& b) {
    return std::tie(a.product_name, a.product_id) < std::tie(b.product_name, b.product_id);
  });
  return grid;
}

Result<ProductSales> product_sales(storage::Database& db, const domain::Caller& caller,
                                   std::int64_t product_id, const LocalDateRange& dates) {
  MAMON_RETURN_IF_ERROR(check_can_view_board_reports(caller));
  MAMON_RETURN_IF_ERROR(check_dates(dates));
  MAMON_TRY(std::vector<GridPeriod> periods, grid_periods(dates, GridGranularity::kDay));
  const std::vector<TimestampUs> edges = edges_of(periods);
  storage::LineFilter filter;
  filter.product_id = product_id;
  return run_transaction(db, storage::TxMode::kRead,
                         [&](storage::Transaction& tx) -> Result<ProductSales> {
                           ProductSales out;
                           MAMON_TRY(out.product, storage::find_product(tx, product_id));
                           out.dates = dates;
                           for (const GridPeriod& p : periods)
                             out.days.push_back(ProductDay{p.first, 0, Cents()});
                           MAMON_TRY(std::vector<storage::ProductBucketCell> cells,
                                     storage::line_sales_by_bucket(tx, edges, filter));
                           for (const storage::ProductBucketCell& cell : cells) {
                             out.days[cell.bucket].quantity = cell.quantity;
                             out.days[cell.bucket].revenue = cell.revenue;
                             MAMON_RETURN_IF_ERROR(add_checked(out.quantity, cell.quantity));
                             MAMON_TRY(out.revenue, out.revenue.plus(cell.revenue));
                           }
                           return out;
                         });
}

Result<Page<BarCycleView>> list_board_cycles(storage::Database& db, const Clock& clock,
                                             const domain::Caller& caller, const PageRequest& page) {
  MAMON_RETURN_IF_ERROR(check_can_view_board_reports(caller));
  return list_bar_cycles(db, clock, caller, page);
}

Result<std::vector<HourSales>> cycle_sales_per_hour(storage::Transaction& tx,
                                                    const BarCycleView& cycle) {
  MAMON_TRY(std::vector<HourSales> hours, cycle_hours(cycle.window_from_us, cycle.window_to_us));
  std::vector<TimestampUs> edges;
  for (const HourSales& h : hours) edges.push_back(h.range.start_us);
  edges.push_back(hours.back().range.end_us);
  MAMON_TRY(std::vector<storage::PurchaseBucketCell> cells, storage::purchases_by_bucket(tx, edges));
  for (const storage::PurchaseBucketCell& cell : cells) {
    MAMON_RETURN_IF_ERROR(
        add_sale(hours[cell.bucket].sales, cell.method, cell.total, cell.purchases));
  }
  return hours;
}

}  // namespace mamon::service
