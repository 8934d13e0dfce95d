-- Four new causes of a transfer (issues 9, 10 and 12), in one migration so that the table is
-- rebuilt once:
--   'void'        the reversal of a purchase (issue 9 item 7): same purchase_id as the sale, the
--                 opposite direction, the same amount. A purchase has at most one transfer of
--                 each kind: its sale ('purchase') and, once voided, its reversal ('void').
--   'meal_charge' a meal sign-up charged from the wallet (issue 10 item 3), naming the sign-up in
--                 meal_signup_id; at most one per sign-up, so charging twice charges nobody twice.
--   'cash_difference' counted cash vs the ledger's cash_drawer, booked when a count is confirmed
--                 (issue 12): between cash_drawer and cash_difference, naming the report in
--                 report_id; at most one per report.
--   'cash_move'   cash put into or taken out of the drawer (float from the safe, cash to the safe
--                 or the bank): between cash_drawer and safe, naming the cash_moves row.
CREATE TABLE cash_moves (
  id             INTEGER PRIMARY KEY,
  direction      TEXT NOT NULL CHECK (direction IN ('in', 'out')),   -- in: safe -> drawer
  amount_cents   BIGINT NOT NULL CHECK (amount_cents > 0),
  reason         TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  personnel_id   BIGINT NOT NULL REFERENCES personnel(id),
  bar_cycle_id   BIGINT REFERENCES bar_cycles(id),
  created_at_us  BIGINT NOT NULL
);
CREATE INDEX cash_moves_created ON cash_moves(created_at_us);

-- SQLite cannot change a CHECK constraint in place: the table is rebuilt (nothing references it).
CREATE TABLE transfers_0010 (
  id                 INTEGER PRIMARY KEY,
  debit_account_id   BIGINT NOT NULL REFERENCES accounts(id),
  credit_account_id  BIGINT NOT NULL REFERENCES accounts(id),
  amount_cents       BIGINT NOT NULL CHECK (amount_cents > 0),
  kind               TEXT NOT NULL CHECK (kind IN ('purchase', 'top_up', 'refund', 'mollie_top_up',
                                                   'opening_balance', 'correction', 'void',
                                                   'meal_charge', 'cash_difference', 'cash_move')),
  purchase_id        BIGINT REFERENCES purchases(id),
  wallet_upgrade_id  BIGINT REFERENCES wallet_upgrades(id),
  meal_signup_id     BIGINT REFERENCES meal_signups(id),
  report_id          BIGINT REFERENCES reports(id),
  cash_move_id       BIGINT REFERENCES cash_moves(id),
  created_at_us      BIGINT NOT NULL,
  CHECK (debit_account_id <> credit_account_id),
  CHECK (kind <> 'void' OR purchase_id IS NOT NULL),
  CHECK ((kind = 'meal_charge') = (meal_signup_id IS NOT NULL)),
  CHECK ((kind = 'cash_difference') = (report_id IS NOT NULL)),
  CHECK ((kind = 'cash_move') = (cash_move_id IS NOT NULL))
);
INSERT INTO transfers_0010 (id, debit_account_id, credit_account_id, amount_cents, kind, purchase_id,
                            wallet_upgrade_id, created_at_us)
  SELECT id, debit_account_id, credit_account_id, amount_cents, kind, purchase_id,
         wallet_upgrade_id, created_at_us FROM transfers;
DROP TABLE transfers;
ALTER TABLE transfers_0010 RENAME TO transfers;
CREATE UNIQUE INDEX transfers_purchase ON transfers(purchase_id, kind) WHERE purchase_id IS NOT NULL;
CREATE UNIQUE INDEX transfers_wallet_upgrade ON transfers(wallet_upgrade_id) WHERE wallet_upgrade_id IS NOT NULL;
CREATE UNIQUE INDEX transfers_meal_signup ON transfers(meal_signup_id) WHERE meal_signup_id IS NOT NULL;
CREATE UNIQUE INDEX transfers_report ON transfers(report_id) WHERE report_id IS NOT NULL;
CREATE UNIQUE INDEX transfers_cash_move ON transfers(cash_move_id) WHERE cash_move_id IS NOT NULL;
CREATE INDEX transfers_debit ON transfers(debit_account_id);
CREATE INDEX transfers_credit ON transfers(credit_account_id);
CREATE INDEX transfers_created ON transfers(created_at_us);
