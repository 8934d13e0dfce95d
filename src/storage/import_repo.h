// Writing an imported history (`mamon loaddata`) into the database: plain rows, already validated
// and cross-checked by service/import/import_plan, inserted with their primary keys as given.
// All calls run inside the caller's write transaction; the caller commits or rolls back, so an
// import is all or nothing.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/clock.h"
#include "storage/database.h"

namespace mamon::storage {

struct ImportUserRow {
  std::int64_t id = 0;
  std::string username;
  std::string password_hash;  // a usable hash or "" (no local password)
  std::string first_name;
  std::string last_name;
  std::string email;
  bool is_active = true;
  bool is_superuser = false;
  bool is_staff = false;
  bool is_system = false;  // the old system's own "Cash"/"Pin" users
  TimestampUs date_joined_at_us = 0;
  std::optional<TimestampUs> last_login_at_us;
  std::vector<std::int64_t> group_ids;
};

struct ImportGroupRow {
  std::int64_t id = 0;
  std::string name;
};

// The holder's wallet account (kind 'wallet', named domain::wallet_account_name(user_id)) is
// created with it.
struct ImportHolderRow {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::optional<std::int64_t> ledenbase_id;
  std::string image;
  std::string image_ledenbase;
  std::int64_t floor_cents = 0;  // <= 0
  TimestampUs created_at_us = 0;
};

struct ImportPersonnelRow {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string nickname;
  std::string image;
  bool active = true;
};

struct ImportProductRow {
  std::int64_t id = 0;
  std::string name;
  std::int64_t price_cents = 0;
  std::string color;
  bool active = true;
  std::string image;
  std::int64_t units_per_sale = 1000;  // smallest steps of the stock item (domain::Product)
  std::optional<std::int64_t> stock_item_id;
  std::optional<std::string> grootboek_waarde;
};

struct ImportStockItemRow {
  std::int64_t id = 0;
  std::string name;
  std::string unit;           // a domain::StockUnit name
  std::int64_t quantity = 0;  // smallest steps
  std::string description;
  TimestampUs created_at_us = 0;
};

// Inserted after the stock items (and the purchases, for kind 'sale'), with the ids given.
struct ImportStockMutationRow {
  std::int64_t id = 0;
  std::int64_t stock_item_id = 0;
  std::string kind;  // import | delivery | count | loss | sale
  std::int64_t quantity_delta = 0;
  std::string reason;
  std::optional<std::int64_t> cost_cents;
  bool imported = false;  // the old system's history: not part of the quantity
  TimestampUs created_at_us = 0;
};

struct ImportCardRow {
  std::int64_t id = 0;
  std::string card_id;  // upper case
  std::string card_name;
  std::int64_t user_id = 0;
  TimestampUs created_at_us = 0;
};

struct ImportMealSignupRow {
  std::int64_t id = 0;
  std::int64_t holder_id = 0;
  std::int64_t portions = 0;  // >= 1
  std::string comment;
  bool paid_in_old_system = false;
  TimestampUs created_at_us = 0;
};

struct ImportMealRow {
  std::int64_t id = 0;
  std::string title;
  std::string description;
  TimestampUs meal_at_us = 0;
  TimestampUs signup_opens_at_us = 0;
  TimestampUs signup_closes_at_us = 0;
  std::int64_t cost_per_portion_cents = 0;
  std::int64_t participants_max = 0;
  TimestampUs created_at_us = 0;
  std::vector<ImportMealSignupRow> signups;
};

struct ImportClientApplicationRow {
  std::int64_t id = 0;
  std::string identifier;
  std::string name;
  std::int64_t user_id = 0;
  std::vector<std::string> paths;               // in order
  std::vector<std::int64_t> administrator_ids;  // users
  TimestampUs created_at_us = 0;
};

// One audit_log entry of imported history (simple_history records).
struct ImportAuditRow {
  std::optional<std::int64_t> user_id;
  std::string action;
  std::string object_type;
  std::string object_id;
  std::string detail;  // JSON
  TimestampUs created_at_us = 0;
};

struct ImportCategoryRow {
  std::int64_t id = 0;
  std::string name;
  std::string description;
  std::vector<std::int64_t> product_ids;
};

struct ImportOrderLineRow {
  std::int64_t product_id = 0;
  std::int64_t quantity = 0;
  std::int64_t unit_price_cents = 0;
};

struct ImportPurchaseRow {
  std::int64_t id = 0;
  std::int64_t seller_personnel_id = 0;
  std::optional<std::int64_t> buyer_holder_id;
  std::string method;  // balance | cash | pin | unknown
  std::int64_t total_cents = 0;
  std::optional<std::int64_t> balance_after_cents;
  TimestampUs created_at_us = 0;
  std::vector<ImportOrderLineRow> lines;  // get new ids
};

struct ImportReportRow {
  std::int64_t id = 0;
  std::int64_t personnel_id = 0;
  std::string action;  // open | middle | close | other
  std::optional<std::string> legacy_action;
  std::int64_t total_cash_cents = 0;
  std::int64_t flow_meter1 = 0;
  std::int64_t flow_meter2 = 0;
  std::string comment;
  std::optional<std::int64_t> bar_cycle_id;
  TimestampUs created_at_us = 0;
};

struct ImportBarCycleRow {
  std::int64_t id = 0;
  std::int64_t opening_report_id = 0;
  std::optional<std::int64_t> closing_report_id;
};

struct ImportMolliePaymentRow {
  std::int64_t id = 0;
  std::int64_t holder_id = 0;
  std::int64_t amount_cents = 0;
  std::optional<std::string> mollie_id;
  std::string identifier;
  std::string status;
  std::string comment;
  TimestampUs created_at_us = 0;
  std::optional<TimestampUs> paid_at_us;
  std::optional<TimestampUs> expires_at_us;
};

struct ImportWalletUpgradeRow {
  std::int64_t id = 0;
  std::int64_t holder_id = 0;
  std::optional<std::int64_t> personnel_id;
  std::int64_t amount_cents = 0;
  bool refund = false;
  std::string method;  // cash | pin | mollie | unknown
  std::string comment;
  std::optional<std::int64_t> mollie_payment_id;
  TimestampUs created_at_us = 0;
};

// Accounts are named (system account names, or wallet_account_name(user_id)); the repository
// resolves names to ids.
struct ImportTransferRow {
  std::string debit_account;
  std::string credit_account;
  std::int64_t amount_cents = 0;  // > 0
  std::string kind;               // purchase | top_up | refund | mollie_top_up | opening_balance
  std::optional<std::int64_t> purchase_id;
  std::optional<std::int64_t> wallet_upgrade_id;
  TimestampUs created_at_us = 0;
};

struct ImportBatch {
  std::vector<ImportGroupRow> groups;
  std::vector<ImportUserRow> users;
  std::vector<ImportHolderRow> holders;
  std::vector<ImportPersonnelRow> personnel;
  std::vector<ImportProductRow> products;
  std::vector<ImportCategoryRow> categories;
  std::vector<ImportReportRow> reports;
  std::vector<ImportBarCycleRow> bar_cycles;
  std::vector<ImportMolliePaymentRow> mollie_payments;
  std::vector<ImportWalletUpgradeRow> wallet_upgrades;
  std::vector<ImportPurchaseRow> purchases;
  std::vector<ImportTransferRow> transfers;  // inserted in this order
  std::vector<ImportStockItemRow> stock_items;
  std::vector<ImportStockMutationRow> stock_mutations;
  std::vector<ImportCardRow> cards;
  std::vector<ImportMealRow> meals;
  std::vector<ImportClientApplicationRow> client_applications;
  std::vector<ImportAuditRow> audit_entries;  // inserted in this order
};

// Inserts everything in foreign-key order (imported rows marked imported = true), creates the
// holders' wallet accounts, inserts the transfers and then sets every touched account's cached
// debits/credits to the sums of its transfers (INV-1). Requires the system accounts
// (ensure_system_rows). Errors: the database's (kConflict for a taken primary key or unique
// value, kInvalidInput for a CHECK/foreign key), with the table and row id in the message.
// Does not reset id sequences (storage::reset_id_sequences does).
Status insert_import_batch(Transaction& tx, const ImportBatch& batch);

// The system users ("Cash", "Pin") are created by `mamon migrate` with the first ids (1, 2), which
// the old system's dump uses too. Before an import keeps the dump's ids, they step aside:
// remove_unreferenced_system_users deletes the system users with their holders and wallet
// accounts, but only when nothing refers to them yet (no card, personnel, purchase, upgrade,
// Mollie payment, transfer, token, session, idempotency key, audit entry, group link, stock
// mutation, client-application administrator, meal sign-up) and returns
// true; otherwise it changes nothing and returns false. The caller re-creates them afterwards with
// ensure_system_rows, above the imported ids.
Result<bool> remove_unreferenced_system_users(Transaction& tx);

// The highest id in each table an import writes (0 when empty). Records the importer creates or
// recovers get ids above both these and the dump's own, so they never collide with existing rows.
struct ImportIdFloors {
  std::int64_t users = 0;
  std::int64_t groups = 0;
  std::int64_t holders = 0;
  std::int64_t personnel = 0;
  std::int64_t products = 0;
  std::int64_t categories = 0;
  std::int64_t purchases = 0;
  std::int64_t reports = 0;
  std::int64_t bar_cycles = 0;
  std::int64_t wallet_upgrades = 0;
  std::int64_t mollie_payments = 0;
  std::int64_t stock_items = 0;
  std::int64_t stock_mutations = 0;
  std::int64_t cards = 0;
  std::int64_t meals = 0;
  std::int64_t meal_signups = 0;
  std::int64_t client_applications = 0;
  // The groups already in the database, by name (migration 0006 creates the default ones): a
  // dump group of the same name joins it (keeping its grants) instead of being inserted.
  std::map<std::string, std::int64_t> existing_groups;
};
Result<ImportIdFloors> import_id_floors(Transaction& tx);

// Row counts of every table an import writes, by table name, in a fixed order (for the summary
// and for tests that prove a failed import left nothing behind).
Result<std::vector<std::pair<std::string, std::int64_t>>> count_import_tables(Transaction& tx);

// Refreshes the query planner's statistics of every table (ANALYZE, both backends). A bulk import
// changes the tables' sizes by orders of magnitude at once; until the statistics follow, plans
// assume the old sizes (PostgreSQL planned the board's daily grid over 100,000 imported purchases
// as if there were 421: seconds instead of half a second).
Status refresh_planner_statistics(Transaction& tx);

// True if the database holds any user but the system ones, or any product (loaddata --if-empty).
Result<bool> has_user_data(Transaction& tx);

// Read helpers for tests and the summary: a holder's wallet balance (credits - debits of its
// account; nullopt if no such holder) and a user's stored password hash (nullopt if unknown).
Result<std::optional<std::int64_t>> holder_balance_cents(Transaction& tx, std::int64_t holder_id);
Result<std::optional<std::string>> user_password_hash(Transaction& tx, std::string_view username);

}  // namespace mamon::storage
