#include "storage/flow_meters_repo.h"

namespace mamon::storage {

Result<std::vector<FlowMeterSettingRow>> list_flow_meter_settings(Transaction& tx) {
  MAMON_TRY(QueryResult r,
            tx.query("SELECT f.meter, f.stock_item_id, f.readings_per_litre, f.updated_at_us, "
                     "s.name FROM flow_meters f JOIN stock_items s ON s.id = f.stock_item_id "
                     "ORDER BY f.meter"));
  std::vector<FlowMeterSettingRow> out;
  out.reserve(r.rows.size());
  for (const Row& row : r.rows) {
    out.push_back(
        {row.get_int(0), row.get_int(1), row.get_int(2), row.get_int(3), row.get_text(4)});
  }
  return out;
}

Status save_flow_meter_setting(Transaction& tx, const FlowMeterSettingRow& setting) {
  MAMON_RETURN_IF_ERROR(tx.query(
      "INSERT INTO flow_meters (meter, stock_item_id, readings_per_litre, updated_at_us) "
      "VALUES ($1, $2, $3, $4) ON CONFLICT (meter) DO UPDATE SET "
      "stock_item_id = excluded.stock_item_id, "
      "readings_per_litre = excluded.readings_per_litre, "
      "updated_at_us = excluded.updated_at_us",
      {setting.meter, setting.stock_item_id, setting.readings_per_litre, setting.updated_at_us}));
  return ok_status();
}

Status delete_flow_meter_setting(Transaction& tx, std::int64_t meter) {
  MAMON_RETURN_IF_ERROR(tx.query("DELETE FROM flow_meters WHERE meter = $1", {meter}));
  return ok_status();
}

Result<std::map<std::int64_t, std::int64_t>> stock_drawn_by_sales(Transaction& tx,
                                                                  TimestampUs from_us,
                                                                  TimestampUs to_us) {
  // A draw is the line's negative 'sale' mutation; a void's return (positive) is excluded with
  // the voided purchase itself.
  MAMON_TRY(QueryResult r,
            tx.query("SELECT m.stock_item_id, -SUM(m.quantity_delta) FROM stock_mutations m "
                     "JOIN purchases p ON p.id = m.purchase_id "
                     "WHERE m.kind = 'sale' AND m.quantity_delta < 0 AND NOT m.imported "
                     "AND p.created_at_us >= $1 AND p.created_at_us <= $2 "
                     "AND p.voided_at_us IS NULL "
                     "GROUP BY m.stock_item_id",
                     {from_us, to_us}));
  std::map<std::int64_t, std::int64_t> out;
  for (const Row& row : r.rows) out.emplace(row.get_int(0), row.get_int(1));
  return out;
}

}  // namespace mamon::storage
