// The board's figures (issue 8 item 4, WEB.md §2 "Board, treasurer, admins"): the overview of a
// date range, the daily grid, one product's sales per day and one bar cycle's sales per hour.
// docs/reports.md defines every figure. Results are plain structs: integer cents, counts, local
// dates and UTC instants; formatting is the web layer's.
//
// Every call: refuses a caller without the reports permission (kPermissionDenied naming
// view_reports, WEB.md §3: Bestuur, Kascommissie, superusers; bar staff are refused) before
// anything else, validates its input (kInvalidInput with the field), then reads in ONE read transaction, so the figures of one answer
// are consistent with each other. Date ranges are whole local days in the process's TIME_ZONE
// (base/local_time.h), both ends included.
//
// Thread-safe: every call takes its own pooled connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/local_time.h"
#include "base/money.h"
#include "base/result.h"
#include "domain/bar_cycles.h"
#include "domain/permissions.h"
#include "domain/products.h"
#include "service/reports_service.h"
#include "storage/database.h"

namespace mamon::service {

// Holders whose user is in this group are visitors' tabs, shown apart from members.
inline constexpr std::string_view kVisitorsGroup = "Bezoekers";

// Sales of one row of a "× method" table.
struct SalesFigures {
  domain::SalesByMethod by_method;  // balance (wallet), cash, pin, unknown (imported history)
  Cents total;                      // Σ of by_method
  std::int64_t count = 0;           // purchases (sales tables) or items (line tables)
};

// Sales by who bought. members + visitors + anonymous = the overview's sales.
struct SalesByBuyer {
  SalesFigures members;    // holders outside kVisitorsGroup
  SalesFigures visitors;   // holders in kVisitorsGroup
  SalesFigures anonymous;  // no buyer: cash / PIN over the counter (and the system holders)
};

struct LedgerAccountSales {
  std::optional<std::string> ledger_account;  // none: lines whose product had no account
  SalesFigures sales;                         // count = items
};

struct CategorySales {
  std::optional<std::int64_t> category_id;  // none: products in no category
  std::string category_name;                // "" when category_id is none
  SalesFigures sales;                       // count = items
};

struct UpgradeFigures {
  domain::UpgradesByMethod by_method;  // cash, pin, mollie (top-ups only), unknown (imported)
  Cents total;
  std::int64_t count = 0;
};

// One kind of wallet movement in the range: transfers of one kind whose other side is one
// account (a top-up's method is its account: cash_drawer, pin_terminal, mollie_clearing,
// legacy_unknown for imported history; purchases go to sales; opening balances come from
// opening_balance). Future kinds (voids, corrections, meal charges) appear as lines by themselves.
struct ReconciliationLine {
  std::string kind;             // transfers.kind: purchase, top_up, refund, mollie_top_up, ...
  std::string counter_account;  // the system account on the other side ("wallet": wallet-to-wallet)
  std::int64_t transfers = 0;
  Cents into_wallets;
  Cents out_of_wallets;
  Cents net;  // into - out
};

// opening + Σ line.net = closing, to the cent. `closing` is computed independently of the lines
// (the liability from every transfer before the range's end), so `balances` is a real check;
// false means the ledger is broken and the page must say so.
struct Reconciliation {
  Cents opening;  // Σ wallet balances just before the range, from the transfers
  std::vector<ReconciliationLine> lines;  // by kind, then counter account
  Cents movements_net;                    // Σ line.net
  Cents closing;                          // Σ wallet balances at the range's end
  bool balances = false;
};

struct Overview {
  LocalDateRange dates;
  TimeRange range;     // the instants the dates cover
  SalesFigures sales;  // every purchase in the range; count = purchases
  SalesByBuyer by_buyer;
  // From the account snapshotted on each line (never today's product). Accounts never overlap:
  // Σ = sales.total. Ordered by account, the none account last.
  std::vector<LedgerAccountSales> by_ledger_account;
  // From today's category links of each line's product: a line counts in EVERY category its
  // product is in, so these totals may overlap and their sum may exceed sales.total. Ordered by
  // name; the products in no category last (present only when such lines exist).
  std::vector<CategorySales> by_category;
  UpgradeFigures top_ups;  // Mollie included
  UpgradeFigures refunds;  // money paid out of wallets, apart from top-ups
  Reconciliation reconciliation;
};

// The board's reports permission, view_reports (WEB.md §3: Bestuur, Kascommissie), shared by the
// use cases that show the board's figures (service/cycle_dossier.h). Error kPermissionDenied.
Status check_can_view_board_reports(const domain::Caller& caller);

// Overview::by_category for any range, inside the caller's transaction (no permission check).
Result<std::vector<CategorySales>> category_sales(storage::Transaction& tx, TimeRange range);

// Errors: kPermissionDenied; kInvalidInput (field "end") when dates.last is before dates.first.
Result<Overview> overview(storage::Database& db, const domain::Caller& caller,
                          const LocalDateRange& dates);

enum class GridGranularity { kDay, kMonth };
enum class GridMeasure { kCents, kQuantity };

struct GridRequest {
  LocalDateRange dates;
  GridGranularity granularity = GridGranularity::kDay;
  GridMeasure measure = GridMeasure::kCents;
  std::optional<std::int64_t> category_id;  // only products in it (an unknown one: empty grid)
};

// One column: a local day, or a calendar month clipped to the requested dates.
struct GridPeriod {
  LocalDate first;
  LocalDate last;  // inclusive; == first for a day
  TimeRange range;
};

struct GridRow {
  std::int64_t product_id = 0;
  std::string product_name;
  std::vector<std::int64_t> cells;  // one per period: cents or items, by the measure
  std::int64_t total = 0;
};

struct DailyGrid {
  GridMeasure measure = GridMeasure::kCents;
  std::vector<GridPeriod> periods;
  std::vector<GridRow> rows;                // products with a sale in the range, by name, id
  std::vector<std::int64_t> column_totals;  // one per period
  std::int64_t grand_total = 0;
};

// Errors: kPermissionDenied; kInvalidInput (field "end") for a reversed range or more than
// limits::kReportPeriodsMax periods.
Result<DailyGrid> daily_grid(storage::Database& db, const domain::Caller& caller,
                             const GridRequest& request);

struct ProductDay {
  LocalDate date;
  std::int64_t quantity = 0;
  Cents revenue;  // Σ quantity × snapshotted unit price
};

struct ProductSales {
  domain::Product product;  // as it is today
  LocalDateRange dates;
  std::vector<ProductDay> days;  // every day of the range, zeros included
  std::int64_t quantity = 0;
  Cents revenue;
};

// Errors: kPermissionDenied; kInvalidInput as daily_grid (days); kProductNotFound.
Result<ProductSales> product_sales(storage::Database& db, const domain::Caller& caller,
                                   std::int64_t product_id, const LocalDateRange& dates);

struct HourSales {
  TimeRange range;     // the local hour, clipped to the cycle's window
  LocalDate date;      // local date and hour of range.start_us (after the October change the hour
  int hour = 0;        // 02 occurs twice, told apart by range)
  SalesFigures sales;  // count = purchases
};


// The board's list of bar cycles (/board/cycles/): reports_service list_bar_cycles behind the
// reports permission (the API's list needs only view_sales, which bar staff have). Errors:
// kPermissionDenied; those of list_bar_cycles.
Result<Page<BarCycleView>> list_board_cycles(storage::Database& db, const Clock& clock,
                                             const domain::Caller& caller, const PageRequest& page);

// Sales per local hour of a bar cycle's window (every hour, zeros included; while open, up to
// now), inside the caller's transaction (no permission check; the cycle dossier's, which the
// board's cycle page shows). Errors: kInvalidInput when the window spans more than
// limits::kReportPeriodsMax hours (some imported cycles stayed open for months).
Result<std::vector<HourSales>> cycle_sales_per_hour(storage::Transaction& tx,
                                                    const BarCycleView& cycle);

}  // namespace mamon::service
