-- Stock, meals and client-application paths (issue 10): the tables the import of the newest
-- schema needs, and the product's link to a stock item.
--
-- Quantities are exact integers in the stock unit's smallest step, never floats: liters -> ml,
-- grams -> g, meters -> mm, the countable units (units, pieces, bottles, packs, bags, boxes) ->
-- thousandths of a piece. So 0.25 liter is 250 and 40 bags are 40000.

CREATE TABLE stock_items (
  id             INTEGER PRIMARY KEY,
  name           TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 150),
  unit           TEXT NOT NULL CHECK (unit IN ('units', 'liters', 'grams', 'meters', 'pieces',
                                               'bottles', 'packs', 'bags', 'boxes')),
  quantity       BIGINT NOT NULL DEFAULT 0,          -- smallest steps; = SUM of its counted mutations
  description    TEXT NOT NULL DEFAULT '',
  created_at_us  BIGINT NOT NULL
);

-- Every change of a stock item. The stock's quantity is the sum of quantity_delta over its
-- mutations with imported = 0 (the opening 'import' mutation included). imported = 1 marks a
-- mutation of the old system kept as history only: its effect is already in the opening 'import'
-- mutation, so it is never applied again.
CREATE TABLE stock_mutations (
  id              INTEGER PRIMARY KEY,
  stock_item_id   BIGINT NOT NULL REFERENCES stock_items(id),
  kind            TEXT NOT NULL CHECK (kind IN ('import', 'delivery', 'count', 'loss', 'sale')),
  quantity_delta  BIGINT NOT NULL,                   -- smallest steps, signed
  reason          TEXT NOT NULL DEFAULT '',
  cost_cents      BIGINT,
  user_id         BIGINT REFERENCES users(id),       -- who; NULL for the old system's mutations
  purchase_id     BIGINT REFERENCES purchases(id),   -- the sale, for kind 'sale'
  imported        BOOLEAN NOT NULL DEFAULT 0 CHECK (imported IN (0, 1)),
  created_at_us   BIGINT NOT NULL
);
CREATE INDEX stock_mutations_item ON stock_mutations(stock_item_id, created_at_us);

-- Products draw units_per_sale smallest steps of one stock item per item sold. The old integer
-- `units` becomes thousandths (every product so far counted pieces); the old master_stock_id
-- pointed at a product, whose stock now becomes a stock item of its own (same id, unit 'units',
-- quantity its old `stock`), linked to that product and to every product that drew from it.
-- products.stock stays as a plain nullable integer that nothing reads (the storage tests use it).
-- SQLite cannot drop a column that carries a foreign key inside a transaction, so
-- master_stock_id stays behind, always NULL and unused.
ALTER TABLE products RENAME COLUMN units TO units_per_sale;
UPDATE products SET units_per_sale = units_per_sale * 1000;
ALTER TABLE products ADD COLUMN stock_item_id BIGINT REFERENCES stock_items(id);
INSERT INTO stock_items (id, name, unit, quantity, description, created_at_us)
  SELECT p.id, p.name, 'units', COALESCE(p.stock, 0) * 1000, 'migration 0005: stock of product ' || p.id,
         CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER)
  FROM products p
  WHERE p.stock IS NOT NULL OR p.id IN (SELECT master_stock_id FROM products WHERE master_stock_id IS NOT NULL);
INSERT INTO stock_mutations (stock_item_id, kind, quantity_delta, reason, created_at_us)
  SELECT id, 'import', quantity, 'migration 0005: the product''s stock', created_at_us FROM stock_items
  WHERE quantity <> 0;
UPDATE products SET stock_item_id = COALESCE(master_stock_id, id)
  WHERE master_stock_id IS NOT NULL OR id IN (SELECT id FROM stock_items);
UPDATE products SET master_stock_id = NULL;
UPDATE products SET stock = NULL;
CREATE INDEX products_stock_item ON products(stock_item_id);

-- Meals ("Happen"): a dinner with a sign-up window, a cost per portion and a maximum.
CREATE TABLE meals (
  id                      INTEGER PRIMARY KEY,
  title                   TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 150),
  description             TEXT NOT NULL DEFAULT '',
  meal_at_us              BIGINT NOT NULL,
  signup_opens_at_us      BIGINT NOT NULL,
  signup_closes_at_us     BIGINT NOT NULL,
  cost_per_portion_cents  BIGINT NOT NULL CHECK (cost_per_portion_cents >= 0),
  participants_max        BIGINT NOT NULL CHECK (participants_max >= 0),  -- 0: none set (the old default)
  imported                BOOLEAN NOT NULL DEFAULT 0 CHECK (imported IN (0, 1)),
  created_at_us           BIGINT NOT NULL
);
CREATE INDEX meals_date ON meals(meal_at_us);

-- One sign-up per holder and meal. paid_in_old_system: the old system recorded a payment
-- (purchase.happayment) but never moved the money; balances come from its `stand`, so no
-- transfer exists for it and it must never be charged again.
CREATE TABLE meal_signups (
  id                  INTEGER PRIMARY KEY,
  meal_id             BIGINT NOT NULL REFERENCES meals(id) ON DELETE CASCADE,
  holder_id           BIGINT NOT NULL REFERENCES holders(id),
  portions            BIGINT NOT NULL CHECK (portions >= 1 AND portions <= 1000),
  comment             TEXT NOT NULL DEFAULT '',
  paid_in_old_system  BOOLEAN NOT NULL DEFAULT 0 CHECK (paid_in_old_system IN (0, 1)),
  created_at_us       BIGINT NOT NULL,
  UNIQUE (meal_id, holder_id)
);
CREATE INDEX meal_signups_holder ON meal_signups(holder_id);

-- A client application's allowed path patterns (Python `re` syntax, as the old system wrote
-- them), one row each in their order: the old text column split on commas and newlines.
CREATE TABLE client_application_paths (
  client_application_id  BIGINT NOT NULL REFERENCES client_applications(id) ON DELETE CASCADE,
  position               BIGINT NOT NULL CHECK (position >= 0),
  pattern                TEXT NOT NULL CHECK (length(pattern) BETWEEN 1 AND 1000),
  PRIMARY KEY (client_application_id, position)
);

-- Users who administer a client application (the old client.clientapplicationadministrator).
CREATE TABLE client_application_administrators (
  client_application_id  BIGINT NOT NULL REFERENCES client_applications(id) ON DELETE CASCADE,
  user_id                BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (client_application_id, user_id)
);
