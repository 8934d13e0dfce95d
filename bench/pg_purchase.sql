-- pgbench script, the raw-PostgreSQL anchor of the benchmark: one transaction = exactly the
-- statements `mamon` runs for one wallet purchase (service::sell, balance=true, one order line, no
-- Idempotency-Key), captured with log_statement=all, in the same order and with the same texts.
-- Run with -M prepared (the server prepares every statement once per connection) and
--   -D holder_min=A -D holder_max=B (buyers A..B; A = B: every sale on one wallet)
--   -D products=P -D personnel=ID
--   -D now_us=<created_at in microseconds> and the server's text parameters
--   -D sales_name=sales -D method=balance -D kind=purchase -D quantity=1
-- Three unavoidable differences, none changes a plan or a lock:
--  * the product-id list: the server binds the text '{id}' to CAST($1 AS BIGINT[]); pgbench
--    variables are numbers, so the array is built as ARRAY[:product];
--  * RETURNING credits_cents - debits_cents gets the alias balance_after, because \gset needs a
--    column name that is a valid variable name;
--  * wallet_upgrade_id is the literal NULL instead of a NULL parameter.
-- Any failure (e.g. a wallet below its floor returns no row to \gset) aborts the client and is
-- reported by pgbench as failed transactions; bench/run.sh treats that as an error.
\set holder random(:holder_min, :holder_max)
\set product random(1, :products)
-- Round trip 1: BEGIN goes out with the first statement (storage/postgres_database.cc).
\startpipeline
BEGIN;
SELECT p.id, p.user_id, p.nickname, p.image, p.active FROM personnel p WHERE p.id = :personnel;
\endpipeline
SELECT pr.id, pr.name, pr.price_cents, pr.color, pr.active, pr.image, pr.units_per_sale, pr.stock_item_id, pr.grootboek_waarde, si.unit FROM products pr LEFT JOIN stock_items si ON si.id = pr.stock_item_id WHERE pr.id = ANY(CAST(ARRAY[:product] AS BIGINT[])) ORDER BY pr.id \gset pr_
SELECT h.id, h.user_id, h.account_id, h.ledenbase_id, h.image, h.image_ledenbase, a.id, a.kind, a.name, a.debits_cents, a.credits_cents, a.floor_cents, a.created_at_us FROM holders h JOIN accounts a ON a.id = h.account_id WHERE h.id = :holder \gset h_
SELECT a.id, a.kind, a.name, a.debits_cents, a.credits_cents, a.floor_cents, a.created_at_us FROM accounts a WHERE a.name = :sales_name \gset sales_
UPDATE accounts SET debits_cents = debits_cents + :pr_price_cents WHERE id = :h_account_id AND kind = 'wallet' AND credits_cents - debits_cents - :pr_price_cents >= floor_cents RETURNING credits_cents - debits_cents AS balance_after, floor_cents \gset
INSERT INTO purchases (seller_personnel_id, buyer_holder_id, method, total_cents, balance_after_cents, created_at_us) VALUES (:personnel, :holder, :method, :pr_price_cents, :balance_after, :now_us) RETURNING id \gset purchase_
INSERT INTO order_lines (purchase_id, product_id, quantity, unit_price_cents) VALUES (:purchase_id, :product, :quantity, :pr_price_cents) RETURNING id;
-- The deferred writes (Transaction::defer), the entry before the transfer row (docs/ledger.md
-- "Concurrency"): one round trip before the COMMIT.
\startpipeline
UPDATE accounts SET credits_cents = credits_cents + :pr_price_cents WHERE id = :sales_id AND kind = 'system';
INSERT INTO transfers (debit_account_id, credit_account_id, amount_cents, kind, purchase_id, wallet_upgrade_id, created_at_us) VALUES (:h_account_id, :sales_id, :pr_price_cents, :kind, :purchase_id, NULL, :now_us);
\endpipeline
COMMIT;
