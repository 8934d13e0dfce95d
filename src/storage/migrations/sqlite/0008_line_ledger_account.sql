-- Order lines snapshot their ledger account (products.grootboek_waarde) at sale time, as they
-- already snapshot their unit price (issue 8, item 4): the board's overview groups sales by it,
-- and editing a product's ledger account afterwards must not rewrite past figures. '' means the
-- product had none (the overview shows those lines under an explicit "none" account). Lines sold
-- before this migration take today's account of their product: the best the old data knows.
ALTER TABLE order_lines ADD COLUMN ledger_account TEXT NOT NULL DEFAULT '';
UPDATE order_lines SET ledger_account =
  COALESCE((SELECT p.grootboek_waarde FROM products p WHERE p.id = order_lines.product_id), '');

-- The board's figures read by time: the wallet liability at an instant and the reconciliation of
-- a range scan transfers by created_at_us; the per-product page reads one product's lines by
-- purchase (purchases are then found by id and filtered on purchases_created's column).
CREATE INDEX transfers_created ON transfers(created_at_us);
CREATE INDEX order_lines_product_purchase ON order_lines(product_id, purchase_id);
-- A bar cycle's staff (reports_repo staff_of_bar_cycle) are the personnel of its reports.
CREATE INDEX reports_bar_cycle ON reports(bar_cycle_id);
