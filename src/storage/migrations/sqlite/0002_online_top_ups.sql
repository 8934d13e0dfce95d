-- Online top-ups: a member's own list (GET /api/wallet/opwarderen/) reads by holder, newest first.
CREATE INDEX mollie_payments_holder ON mollie_payments(holder_id, created_at_us);
