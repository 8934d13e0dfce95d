// Bar-cycle maths (API.md "Bar reports and cycles"): from the opening and closing counts and the
// money that moved during the cycle, the summary the board reads the next morning.
//
//   expected cash   = opening count + cash sales + cash top-ups - cash refunds
//   counted cash    = closing count (none while the cycle is open)
//   cash difference = counted - expected (none while open; negative means cash is missing)
//   flow-meter delta per meter = closing reading - opening reading (none while open)
//
// Pure; the sums are aggregated by storage (reports_repo) over the cycle's time window.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/money.h"
#include "base/result.h"

namespace mamon::domain {

// What a report counted: cash in the drawer and the two beer flow meters.
struct CycleCount {
  Cents total_cash;
  std::int64_t flow_meter1 = 0;
  std::int64_t flow_meter2 = 0;
};

// Sales per payment method ('unknown' only for imported history).
struct SalesByMethod {
  Cents balance;
  Cents cash;
  Cents pin;
  Cents unknown;
};

// Top-ups or refunds per method (refunds have no Mollie; 'unknown' only for imported history).
struct UpgradesByMethod {
  Cents cash;
  Cents pin;
  Cents mollie;
  Cents unknown;
};

struct ProductSales {
  std::int64_t product_id = 0;
  std::string product_name;
  std::int64_t quantity = 0;
  Cents revenue;  // sum of quantity x snapshotted unit price
};

// The money that moved inside a cycle's window.
struct BarCycleSums {
  SalesByMethod sales;
  UpgradesByMethod top_ups;
  UpgradesByMethod refunds;
  Cents cash_moved_in;   // into the drawer from the safe (cash_moves 'in')
  Cents cash_moved_out;  // out of the drawer to the safe or the bank (cash_moves 'out')
  std::vector<ProductSales> products;
};

struct FlowMeterDeltas {
  std::int64_t meter1 = 0;
  std::int64_t meter2 = 0;
};

struct BarCycleSummary {
  SalesByMethod sales;
  Cents sales_total;  // all methods
  UpgradesByMethod top_ups;
  Cents top_ups_total;
  UpgradesByMethod refunds;
  Cents refunds_total;
  Cents opening_cash;
  Cents cash_moved_in;
  Cents cash_moved_out;
  // opening count + cash sales + cash top-ups - cash refunds + cash moved in - cash moved out
  Cents expected_cash;
  std::optional<Cents> counted_cash;                 // none while open
  std::optional<Cents> cash_difference;              // counted - expected; none while open
  std::optional<FlowMeterDeltas> flow_meter_deltas;  // none while open
  std::vector<ProductSales> products;                // as given (storage orders them by product id)
};

// `closing` is empty while the cycle is open. Error kInvalidAmount if a sum overflows int64
// (impossible with sane data; checked rather than assumed).
Result<BarCycleSummary> summarize_bar_cycle(const CycleCount& opening,
                                            const std::optional<CycleCount>& closing,
                                            const BarCycleSums& sums);

}  // namespace mamon::domain
