-- Stock drawn by sales (issue 10 item 2): a 'sale' mutation names the order line it draws for, so
-- that `mamon check` can prove each one against the line (its quantity) even after the board
-- changes the product's units or stock link, and a voided purchase's stock is restored once per
-- line (a second 'sale' mutation of the opposite sign on the same line, never a third).
ALTER TABLE stock_mutations ADD COLUMN order_line_id BIGINT REFERENCES order_lines(id);
CREATE INDEX stock_mutations_purchase ON stock_mutations(purchase_id) WHERE purchase_id IS NOT NULL;
CREATE INDEX stock_mutations_order_line ON stock_mutations(order_line_id) WHERE order_line_id IS NOT NULL;
