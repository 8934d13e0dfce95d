-- Mamon schema, SQLite. Instants are BIGINT microseconds since the Unix epoch (UTC), columns
-- named *_at_us; money is BIGINT cents, columns named *_cents. Booleans are 0/1 integers (BOOLEAN affinity).

CREATE TABLE users (
  id             INTEGER PRIMARY KEY,
  username       TEXT NOT NULL UNIQUE CHECK (length(username) BETWEEN 1 AND 150),
  password_hash  TEXT NOT NULL DEFAULT '',          -- '' = no usable local password
  first_name     TEXT NOT NULL DEFAULT '',
  last_name      TEXT NOT NULL DEFAULT '',
  email          TEXT NOT NULL DEFAULT '',
  is_active      BOOLEAN NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  is_superuser   BOOLEAN NOT NULL DEFAULT 0 CHECK (is_superuser IN (0, 1)),
  is_staff       BOOLEAN NOT NULL DEFAULT 0 CHECK (is_staff IN (0, 1)),
  is_system      BOOLEAN NOT NULL DEFAULT 0 CHECK (is_system IN (0, 1)),    -- the "Cash" and "Pin" pseudo-users
  date_joined_at_us BIGINT NOT NULL,
  last_login_at_us  BIGINT
);

CREATE TABLE groups (
  id    INTEGER PRIMARY KEY,
  name  TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 150)
);

CREATE TABLE user_groups (
  user_id   BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  group_id  BIGINT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, group_id)
);

-- The ledger. kind 'wallet' accounts belong to one holder; 'system' accounts are named
-- (cash_drawer, pin_terminal, mollie_clearing, sales, cash_difference, opening_balance,
-- legacy_unknown). debits_cents/credits_cents cache the sums of the account's transfers (INV-1).
CREATE TABLE accounts (
  id             INTEGER PRIMARY KEY,
  kind           TEXT NOT NULL CHECK (kind IN ('wallet', 'system')),
  name           TEXT NOT NULL UNIQUE,
  debits_cents   BIGINT NOT NULL DEFAULT 0 CHECK (debits_cents >= 0),
  credits_cents  BIGINT NOT NULL DEFAULT 0 CHECK (credits_cents >= 0),
  floor_cents    BIGINT NOT NULL DEFAULT 0 CHECK (floor_cents <= 0),  -- lowest allowed balance
  created_at_us  BIGINT NOT NULL,
  -- INV-3, enforced by the database as a second line of defence behind the service checks.
  CHECK (kind <> 'wallet' OR credits_cents - debits_cents >= floor_cents)
);

CREATE TABLE holders (
  id               INTEGER PRIMARY KEY,
  user_id          BIGINT NOT NULL UNIQUE REFERENCES users(id),
  account_id       BIGINT NOT NULL UNIQUE REFERENCES accounts(id),
  ledenbase_id     BIGINT UNIQUE,
  image            TEXT NOT NULL DEFAULT '',
  image_ledenbase  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE personnel (
  id        INTEGER PRIMARY KEY,
  user_id   BIGINT NOT NULL UNIQUE REFERENCES users(id),
  nickname  TEXT NOT NULL DEFAULT '',
  image     TEXT NOT NULL DEFAULT '',
  active    BOOLEAN NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE cards (
  id             INTEGER PRIMARY KEY,
  card_id        TEXT NOT NULL UNIQUE CHECK (card_id = upper(card_id) AND length(card_id) BETWEEN 1 AND 64),
  card_name      TEXT NOT NULL DEFAULT '',
  user_id        BIGINT NOT NULL REFERENCES users(id),
  blocked        BOOLEAN NOT NULL DEFAULT 0 CHECK (blocked IN (0, 1)),
  created_at_us  BIGINT NOT NULL
);
CREATE INDEX cards_user ON cards(user_id);

CREATE TABLE products (
  id                INTEGER PRIMARY KEY,
  name              TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 150),
  price_cents       BIGINT NOT NULL CHECK (price_cents >= 0),
  color             TEXT NOT NULL DEFAULT '#FFFFFF',
  active            BOOLEAN NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  image             TEXT NOT NULL DEFAULT '',
  units             BIGINT NOT NULL DEFAULT 1 CHECK (units >= 0),
  master_stock_id   BIGINT REFERENCES products(id),
  grootboek_waarde  TEXT,                             -- ledger account text for the treasurer
  stock             BIGINT
);

CREATE TABLE categories (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 150),
  description  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE category_products (
  category_id  BIGINT NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
  product_id   BIGINT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  PRIMARY KEY (category_id, product_id)
);

-- method 'unknown' exists only for imported history (the old system allowed no method at all).
CREATE TABLE purchases (
  id                   INTEGER PRIMARY KEY,
  seller_personnel_id  BIGINT NOT NULL REFERENCES personnel(id),
  buyer_holder_id      BIGINT REFERENCES holders(id),
  method               TEXT NOT NULL CHECK (method IN ('balance', 'cash', 'pin', 'unknown')),
  total_cents          BIGINT NOT NULL CHECK (total_cents >= 0),
  balance_after_cents  BIGINT,                        -- buyer's balance after, wallet purchases only
  imported             BOOLEAN NOT NULL DEFAULT 0 CHECK (imported IN (0, 1)),
  created_at_us        BIGINT NOT NULL,
  CHECK (method <> 'balance' OR buyer_holder_id IS NOT NULL)
);
CREATE INDEX purchases_created ON purchases(created_at_us);
CREATE INDEX purchases_buyer ON purchases(buyer_holder_id, created_at_us);

CREATE TABLE order_lines (
  id                INTEGER PRIMARY KEY,
  purchase_id       BIGINT NOT NULL REFERENCES purchases(id),
  product_id        BIGINT NOT NULL REFERENCES products(id),
  quantity          BIGINT NOT NULL CHECK (quantity >= 1 AND quantity <= 1000000),
  unit_price_cents  BIGINT NOT NULL CHECK (unit_price_cents >= 0)
);
CREATE INDEX order_lines_purchase ON order_lines(purchase_id);
CREATE INDEX order_lines_product ON order_lines(product_id);

CREATE TABLE mollie_payments (
  id              INTEGER PRIMARY KEY,
  holder_id       BIGINT NOT NULL REFERENCES holders(id),
  amount_cents    BIGINT NOT NULL CHECK (amount_cents > 0),
  mollie_id       TEXT UNIQUE,                        -- "tr_..." once Mollie accepted it
  identifier      TEXT NOT NULL UNIQUE,               -- our uuid, sent as metadata
  status          TEXT NOT NULL DEFAULT 'open',
  checkout_url    TEXT NOT NULL DEFAULT '',
  comment         TEXT NOT NULL DEFAULT '',
  created_at_us   BIGINT NOT NULL,
  paid_at_us      BIGINT,
  expires_at_us   BIGINT
);

CREATE TABLE wallet_upgrades (
  id                 INTEGER PRIMARY KEY,
  holder_id          BIGINT NOT NULL REFERENCES holders(id),
  personnel_id       BIGINT REFERENCES personnel(id),
  amount_cents       BIGINT NOT NULL CHECK (amount_cents >= 0),
  refund             BOOLEAN NOT NULL DEFAULT 0 CHECK (refund IN (0, 1)),
  method             TEXT NOT NULL CHECK (method IN ('cash', 'pin', 'mollie', 'unknown')),
  comment            TEXT NOT NULL DEFAULT '',
  mollie_payment_id  BIGINT UNIQUE REFERENCES mollie_payments(id),
  imported           BOOLEAN NOT NULL DEFAULT 0 CHECK (imported IN (0, 1)),
  created_at_us      BIGINT NOT NULL,
  CHECK ((method = 'mollie') = (mollie_payment_id IS NOT NULL)),
  CHECK (NOT (refund = 1 AND method = 'mollie'))
);
CREATE INDEX wallet_upgrades_created ON wallet_upgrades(created_at_us);
CREATE INDEX wallet_upgrades_holder ON wallet_upgrades(holder_id, created_at_us);

-- action 'other' exists only for imported history; legacy_action keeps the old system's label.
CREATE TABLE reports (
  id                INTEGER PRIMARY KEY,
  personnel_id      BIGINT NOT NULL REFERENCES personnel(id),
  action            TEXT NOT NULL CHECK (action IN ('open', 'middle', 'close', 'other')),
  legacy_action     TEXT,
  total_cash_cents  BIGINT NOT NULL CHECK (total_cash_cents >= 0),
  flow_meter1       BIGINT NOT NULL,
  flow_meter2       BIGINT NOT NULL,
  comment           TEXT NOT NULL DEFAULT '',
  bar_cycle_id      BIGINT REFERENCES bar_cycles(id),  -- set for open/middle/close reports
  imported          BOOLEAN NOT NULL DEFAULT 0 CHECK (imported IN (0, 1)),
  created_at_us     BIGINT NOT NULL
);
CREATE INDEX reports_created ON reports(created_at_us);

CREATE TABLE bar_cycles (
  id                 INTEGER PRIMARY KEY,
  opening_report_id  BIGINT NOT NULL REFERENCES reports(id),
  closing_report_id  BIGINT REFERENCES reports(id),
  imported           BOOLEAN NOT NULL DEFAULT 0 CHECK (imported IN (0, 1))
);
-- At most one open cycle (the old system's data has overlapping closed ones; they stay as they were).
CREATE UNIQUE INDEX bar_cycles_one_open ON bar_cycles ((closing_report_id IS NULL))
  WHERE closing_report_id IS NULL;

-- Transfers are append-only; corrections are new reversing transfers. Exactly one cause is named.
CREATE TABLE transfers (
  id                 INTEGER PRIMARY KEY,
  debit_account_id   BIGINT NOT NULL REFERENCES accounts(id),
  credit_account_id  BIGINT NOT NULL REFERENCES accounts(id),
  amount_cents       BIGINT NOT NULL CHECK (amount_cents > 0),
  kind               TEXT NOT NULL CHECK (kind IN ('purchase', 'top_up', 'refund', 'mollie_top_up',
                                                   'opening_balance', 'correction')),
  purchase_id        BIGINT REFERENCES purchases(id),
  wallet_upgrade_id  BIGINT REFERENCES wallet_upgrades(id),
  created_at_us      BIGINT NOT NULL,
  CHECK (debit_account_id <> credit_account_id)
);
CREATE UNIQUE INDEX transfers_purchase ON transfers(purchase_id) WHERE purchase_id IS NOT NULL;
CREATE UNIQUE INDEX transfers_wallet_upgrade ON transfers(wallet_upgrade_id) WHERE wallet_upgrade_id IS NOT NULL;
CREATE INDEX transfers_debit ON transfers(debit_account_id);
CREATE INDEX transfers_credit ON transfers(credit_account_id);

CREATE TABLE client_applications (
  id             INTEGER PRIMARY KEY,
  identifier     TEXT NOT NULL UNIQUE,               -- uuid carried in the client JWT
  name           TEXT NOT NULL,
  user_id        BIGINT NOT NULL REFERENCES users(id),
  created_at_us  BIGINT NOT NULL,
  revoked_at_us  BIGINT
);

-- Refresh tokens by jti: rotation marks the old one used; reuse of a used one is refused.
CREATE TABLE refresh_tokens (
  jti            TEXT PRIMARY KEY,
  user_id        BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  expires_at_us  BIGINT NOT NULL,
  used_at_us     BIGINT,
  created_at_us  BIGINT NOT NULL
);
CREATE INDEX refresh_tokens_user ON refresh_tokens(user_id);

-- Backoffice sessions (cookie id hashed; CSRF token per session).
CREATE TABLE web_sessions (
  id_hash        TEXT PRIMARY KEY,
  user_id        BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token     TEXT NOT NULL,
  expires_at_us  BIGINT NOT NULL,
  created_at_us  BIGINT NOT NULL
);

-- Idempotency-Key records: a retry with the same key and request hash replays the result.
CREATE TABLE idempotency_keys (
  id             INTEGER PRIMARY KEY,
  user_id        BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  idem_key       TEXT NOT NULL CHECK (length(idem_key) BETWEEN 1 AND 128),
  request_hash   TEXT NOT NULL,
  result_kind    TEXT NOT NULL,                       -- 'purchase', 'wallet_upgrade', ...
  result_id      BIGINT NOT NULL,
  created_at_us  BIGINT NOT NULL,
  UNIQUE (user_id, idem_key)
);

CREATE TABLE audit_log (
  id             INTEGER PRIMARY KEY,
  user_id        BIGINT REFERENCES users(id) ON DELETE SET NULL,
  action         TEXT NOT NULL,
  object_type    TEXT NOT NULL,
  object_id      TEXT NOT NULL DEFAULT '',
  detail         TEXT NOT NULL DEFAULT '',
  created_at_us  BIGINT NOT NULL
);
CREATE INDEX audit_log_created ON audit_log(created_at_us);
