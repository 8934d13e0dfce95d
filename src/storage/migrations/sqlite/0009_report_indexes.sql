-- Covering indexes for the board's figures (bench/pages.sh: the overview over 100,000 purchases).
-- The overview's scans of a range read purchases by created_at_us and then only their method,
-- buyer and total; their lines by purchase and then only product, ledger account, quantity and
-- price. With these the scans never touch the tables' rows. A line's categories are found by
-- product. Each costs a sale one more index entry per row, which the raw purchase anchor of the
-- benchmark pays too (it runs the same inserts on the same schema).
CREATE INDEX purchases_created_cover ON purchases(created_at_us, method, buyer_holder_id, total_cents);
CREATE INDEX order_lines_purchase_cover
  ON order_lines(purchase_id, product_id, ledger_account, quantity, unit_price_cents);
CREATE INDEX category_products_product ON category_products(product_id, category_id);
