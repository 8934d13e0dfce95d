// The flow-meter settings (migration 0019) and the litres a bar cycle's sales drew from stock
// (issue 12, "flow meters vs sales"; domain/flow_meters.h). All calls run inside the caller's
// transaction.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "storage/database.h"

namespace mamon::storage {

// One configured meter: which report reading (1 or 2), the stock item it pours and its scale.
struct FlowMeterSettingRow {
  std::int64_t meter = 0;
  std::int64_t stock_item_id = 0;
  std::int64_t readings_per_litre = 0;
  TimestampUs updated_at_us = 0;
  std::string stock_item_name;  // read with it; ignored when saving
};

// The configured meters with their stock item's name, by meter number (0, 1 or 2 rows).
Result<std::vector<FlowMeterSettingRow>> list_flow_meter_settings(Transaction& tx);

// Creates or replaces the meter's row. The caller validated the fields (the schema CHECKs meter
// 1..2 and readings_per_litre 1..1000000; an unknown stock item is a foreign-key error).
Status save_flow_meter_setting(Transaction& tx, const FlowMeterSettingRow& setting);

// Removes the meter's row (the meter is then not configured); nothing to remove is fine.
Status delete_flow_meter_setting(Transaction& tx, std::int64_t meter);

// What the purchases with created_at_us in [from_us, to_us] (bar_cycle_sums' window) drew from
// each stock item, in its steps (ml for an item in liters): the sum of their 'sale' draws, which
// are quantity x the product's units_per_sale as they were at the sale (so changing a product
// later does not change a past cycle). Voided purchases are left out, as in bar_cycle_sums. Only
// items with a draw appear.
Result<std::map<std::int64_t, std::int64_t>> stock_drawn_by_sales(Transaction& tx,
                                                                  TimestampUs from_us,
                                                                  TimestampUs to_us);

}  // namespace mamon::storage
