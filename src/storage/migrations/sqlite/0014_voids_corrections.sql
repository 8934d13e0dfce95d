-- Voids and balance corrections (issue 9, items 3 and 7).
--
-- A voided purchase is never deleted: void_service writes a reversing transfer of kind 'void'
-- (migration 0010) and marks the purchase here. All three columns are set together or none is.
ALTER TABLE purchases ADD COLUMN voided_at_us BIGINT;
ALTER TABLE purchases ADD COLUMN voided_by_user_id BIGINT REFERENCES users(id);
ALTER TABLE purchases ADD COLUMN void_reason TEXT;
CREATE INDEX purchases_voided ON purchases(voided_at_us) WHERE voided_at_us IS NOT NULL;

-- The system account on the other side of a balance correction (transfer kind 'correction'):
-- a correction up debits it and credits the wallet, a correction down the reverse.
INSERT INTO accounts (kind, name, created_at_us) VALUES ('system', 'corrections', 0)
  ON CONFLICT (name) DO NOTHING;
