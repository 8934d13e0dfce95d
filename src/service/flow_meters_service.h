// Beer flow meters against what was sold (issue 12, "flow meters vs sales"; docs/stock.md "Flow
// meters"). The board configures each of the two meters a report reads (reports.flow_meter1 and
// flow_meter2) on /manage/stock/: the stock item it pours (kept in liters) and its scale, readings
// per litre (migration 0019). A bar cycle then shows per meter the litres poured (closing -
// opening reading, scaled), the litres its sales drew from that stock item, the shrinkage in
// litres and basis points, and a flag above FLOW_SHRINKAGE_WARN_PERCENT (domain/flow_meters.h).
// A meter that is not configured shows only its raw reading delta, as before.
//
// The settings are today's: a cycle is always compared with the meters as configured now.
// Permissions (WEB.md §3): reading and changing the settings need manage_stock (Bestuur, a
// superuser); kPermissionDenied naming manage_stock otherwise, before anything is read. The cycle
// figures are part of the cycle view (reports_service.h), behind its permission.
// Thread-safe: each call with a Database is one transaction on a pooled connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "domain/flow_meters.h"
#include "domain/permissions.h"
#include "domain/reports.h"
#include "storage/database.h"

namespace mamon::service {

// The meters a report reads: flow_meter1 and flow_meter2.
inline constexpr std::int64_t kFlowMeterCount = 2;

// FLOW_SHRINKAGE_WARN_PERCENT (base/config.h) when it is not set.
inline constexpr std::int64_t kFlowShrinkageWarnPercentDefault = 10;

// The threshold every cycle view of this process flags shrinkage above, in percent (0..100;
// CHECKed). Process-wide like TIME_ZONE: `mamon serve` sets it from the configuration before it
// serves, tests set it around a case. Thread-safe (atomic).
void set_flow_shrinkage_warn_percent(std::int64_t percent);
std::int64_t flow_shrinkage_warn_percent();

struct FlowMeterSetting {
  std::int64_t stock_item_id = 0;
  std::string stock_item_name;
  std::int64_t readings_per_litre = 0;  // 1..domain::kReadingsPerLitreMax
  TimestampUs updated_at_us = 0;
};

struct FlowMeter {
  std::int64_t meter = 0;                   // 1 or 2
  std::optional<FlowMeterSetting> setting;  // none: not configured
};

// Both meters, 1 then 2, configured or not. Errors: kPermissionDenied.
Result<std::vector<FlowMeter>> list_flow_meters(storage::Database& db,
                                                const domain::Caller& caller);

// A meter's form as typed.
struct FlowMeterInput {
  std::string stock_item_id;       // "" (after trimming): not configured, the setting is removed
  std::string readings_per_litre;  // ignored when stock_item_id is ""
};

// Checked in this order: manage_stock (kPermissionDenied); meter 1..kFlowMeterCount (kNotFound);
// stock_item_id "" or the id of a stock item kept in liters (kInvalidInput "stock_item_id");
// readings_per_litre a whole number 1..domain::kReadingsPerLitreMax (kInvalidInput
// "readings_per_litre"). Then saves it with one audit entry (action "set_flow_meter", object
// "flow_meter" <meter>, before -> after, null for not configured) in the same transaction. A save
// that changes nothing writes nothing.
Status set_flow_meter(storage::Database& db, const Clock& clock, const domain::Caller& caller,
                      std::int64_t meter, const FlowMeterInput& input);

// One meter over one bar cycle.
struct CycleFlowMeter {
  std::int64_t meter = 0;
  std::optional<FlowMeterSetting> setting;  // none: not configured (raw delta only)
  std::int64_t opening_reading = 0;
  std::optional<std::int64_t> closing_reading;  // none while the cycle is open
  std::optional<std::int64_t> delta;            // closing - opening; none while open
  // Configured and closed, with readings going forward: poured, sold, shrinkage and the flag.
  std::optional<domain::FlowShrinkage> shrinkage;
  bool went_backwards = false;  // configured and closed, but closing < opening (a reset meter?)
};

struct CycleFlowMeters {
  std::int64_t warn_percent = kFlowShrinkageWarnPercentDefault;  // the threshold applied
  std::vector<CycleFlowMeter> meters;                            // 1 then 2
};

// The flow-meter figures of a cycle inside the caller's transaction (reports_service's cycle
// view; the caller did the permission check). Sold litres are the draws of the purchases in
// [from_us, to_us] on the meter's stock item (storage/flow_meters_repo.h: voided purchases left
// out). Errors: database errors; kInvalidAmount if a delta overflows (impossible within
// limits::kFlowMeterMax).
Result<CycleFlowMeters> cycle_flow_meters(storage::Transaction& tx, const domain::Report& opening,
                                          const std::optional<domain::Report>& closing,
                                          TimestampUs from_us, TimestampUs to_us);

}  // namespace mamon::service
