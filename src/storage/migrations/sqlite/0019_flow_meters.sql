-- Flow-meter settings (issue 12, "flow meters vs sales"). The bar has two beer flow meters; every
-- report carries both readings (reports.flow_meter1 / flow_meter2). The board says on
-- /manage/stock/ which stock item each meter pours and its scale, so a bar cycle's readings can be
-- turned into litres and compared with what was sold of that item (domain/flow_meters.h):
--   meter               1 or 2: which of the report's readings;
--   stock_item_id       the stock item it pours (kept in liters: its steps are millilitres);
--   readings_per_litre  how far the meter advances per litre, 1..domain::kReadingsPerLitreMax.
-- A meter without a row is not configured: its cycle figure is the raw reading delta only.
CREATE TABLE flow_meters (
  meter               BIGINT PRIMARY KEY CHECK (meter IN (1, 2)),
  stock_item_id       BIGINT NOT NULL REFERENCES stock_items(id),
  readings_per_litre  BIGINT NOT NULL CHECK (readings_per_litre BETWEEN 1 AND 1000000),
  updated_at_us       BIGINT NOT NULL
);
