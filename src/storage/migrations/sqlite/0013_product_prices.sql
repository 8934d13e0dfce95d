-- Products and categories on the website (issue 9, item 4).
--
-- A product's price history: one row per price it has had, appended when the board changes the
-- price (products.price_cents stays the current price, which sales read; order lines keep their
-- own snapshot, so a change applies from now on). valid_from_us NULL: the price it had when it
-- came into Mamon (imported, or existing before this migration): the old system kept no history.
CREATE TABLE product_prices (
  id                  INTEGER PRIMARY KEY,
  product_id          BIGINT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  price_cents         BIGINT NOT NULL CHECK (price_cents >= 0),
  valid_from_us       BIGINT,
  changed_by_user_id  BIGINT REFERENCES users(id)
);
CREATE INDEX product_prices_product ON product_prices(product_id, id);
INSERT INTO product_prices (product_id, price_cents) SELECT id, price_cents FROM products;

-- The order the tablet shows categories in, and products within a category: ascending position,
-- then id. Existing rows keep today's order (by id).
ALTER TABLE categories ADD COLUMN position BIGINT NOT NULL DEFAULT 0;
UPDATE categories SET position = id;
ALTER TABLE category_products ADD COLUMN position BIGINT NOT NULL DEFAULT 0;
UPDATE category_products SET position = product_id;
