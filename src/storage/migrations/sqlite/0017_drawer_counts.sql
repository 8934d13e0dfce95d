-- The drawer at a confirmed count (issue 12, "Close-out booking and checks"). When an opening or a
-- closing report is filed, the ledger's cash_drawer is locked and read; the difference between the
-- counted cash and that balance is booked as one 'cash_difference' transfer naming the report
-- (migration 0010), so the drawer then equals the count. The report keeps what was read:
--   drawer_ledger_cents        the drawer's ledger balance (debits - credits) before the booking;
--   drawer_anchor_transfer_id  the newest transfer touching the drawer at that moment (0: none).
-- `mamon check` (INV-8) recomputes the balance over the drawer's transfers up to the anchor and
-- verifies both numbers. Imported reports and middle reports have neither (NULL).
ALTER TABLE reports ADD COLUMN drawer_ledger_cents BIGINT;
ALTER TABLE reports ADD COLUMN drawer_anchor_transfer_id BIGINT;
