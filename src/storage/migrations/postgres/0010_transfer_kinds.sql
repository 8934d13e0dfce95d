-- Two new causes of a transfer (issues 9 and 10); see the SQLite migration of the same number:
--   'void'        the reversal of a purchase: same purchase_id, at most one of each kind per purchase;
--   'meal_charge' a charged meal sign-up, named in meal_signup_id, at most one per sign-up.
ALTER TABLE transfers DROP CONSTRAINT transfers_kind_check;
ALTER TABLE transfers ADD CONSTRAINT transfers_kind_check
  CHECK (kind IN ('purchase', 'top_up', 'refund', 'mollie_top_up', 'opening_balance', 'correction',
                  'void', 'meal_charge'));
ALTER TABLE transfers ADD COLUMN meal_signup_id BIGINT REFERENCES meal_signups(id);
ALTER TABLE transfers ADD CONSTRAINT transfers_void_names_purchase
  CHECK (kind <> 'void' OR purchase_id IS NOT NULL);
ALTER TABLE transfers ADD CONSTRAINT transfers_meal_charge_names_signup
  CHECK ((kind = 'meal_charge') = (meal_signup_id IS NOT NULL));
DROP INDEX transfers_purchase;
CREATE UNIQUE INDEX transfers_purchase ON transfers(purchase_id, kind) WHERE purchase_id IS NOT NULL;
CREATE UNIQUE INDEX transfers_meal_signup ON transfers(meal_signup_id) WHERE meal_signup_id IS NOT NULL;
