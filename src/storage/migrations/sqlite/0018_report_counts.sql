-- Blind counts at the bar (issue 12, "Reports at the POS"). A staff member submits a count before
-- seeing what the ledger expects; the server stores the attempt with the expected cash it computed
-- then (the drawer's ledger balance) and only afterwards shows the difference. The staff member
-- confirms it, which files the report, or counts again, which is one more row: every attempt is
-- kept, and a row is never updated except for setting confirmed_report_id once.
--   bar_cycle_id       the cycle open at submission (NULL: none was open, an opening count);
--   state_report_id    the newest report at submission (0: none). Confirming is refused once
--                      another report was filed since, so a count is confirmed against the cycle
--                      state it was made in;
--   cash_breakdown     the denomination count as canonical JSON text ({"coin_200": 3, ...}) or NULL;
--   pin_total_cents    the PIN terminal's end-of-day total, closing counts only, or NULL.
CREATE TABLE report_counts (
  id                   INTEGER PRIMARY KEY,
  personnel_id         BIGINT NOT NULL REFERENCES personnel(id),
  action               TEXT NOT NULL CHECK (action IN ('open', 'middle', 'close')),
  bar_cycle_id         BIGINT REFERENCES bar_cycles(id),
  state_report_id      BIGINT NOT NULL CHECK (state_report_id >= 0),
  counted_cents        BIGINT NOT NULL CHECK (counted_cents >= 0),
  cash_breakdown       TEXT,
  pin_total_cents      BIGINT CHECK (pin_total_cents IS NULL OR pin_total_cents >= 0),
  expected_cents       BIGINT NOT NULL,
  flow_meter1          BIGINT NOT NULL,
  flow_meter2          BIGINT NOT NULL,
  comment              TEXT NOT NULL DEFAULT '',
  created_at_us        BIGINT NOT NULL,
  confirmed_report_id  BIGINT UNIQUE REFERENCES reports(id)
);
CREATE INDEX report_counts_created ON report_counts(created_at_us);

-- What a filed report stores beside its total (optional on POST /api/reports/ as well).
ALTER TABLE reports ADD COLUMN cash_breakdown TEXT;
ALTER TABLE reports ADD COLUMN pin_total_cents BIGINT;
