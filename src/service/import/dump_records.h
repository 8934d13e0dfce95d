// The old Django system's `dumpdata` records, read and type-checked but not yet cross-checked:
// what dump_parser produces and import_plan consumes. Money is already Cents, times are already
// TimestampUs, nulls of optional text are already "". References are the dump's primary keys.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/money.h"

namespace mamon::service::import {

// Where a record came from: the file's name and its 0-based position in the file's top-level list.
struct RecordRef {
  std::string file;
  std::size_t index = 0;
};

// "starterDATA.json record 85"
std::string describe(const RecordRef& ref);

// Common to every record. `pk` is empty only for a record recovered by repair rule (a) (it had no
// "model"); the plan gives it a new primary key.
struct DumpRecord {
  RecordRef ref;
  std::string label;  // the model label as read, or the matched label for a recovered record
  std::optional<std::int64_t> pk;
};

struct DumpGroup : DumpRecord {
  std::string name;
};

struct DumpUser : DumpRecord {
  std::string username;
  std::string password;  // as in the dump: a Django hash, or anything else
  std::string first_name;
  std::string last_name;
  std::string email;
  bool is_active = true;
  bool is_superuser = false;
  bool is_staff = false;
  TimestampUs date_joined_us = 0;
  std::optional<TimestampUs> last_login_us;
  std::vector<std::int64_t> groups;
  std::size_t user_permissions = 0;  // ignored: Mamon has roles (groups), not Django permissions
};

struct DumpHolder : DumpRecord {
  std::int64_t user = 0;
  Cents stand;
  std::optional<std::int64_t> ledenbase_id;  // as in the dump (0 is mapped to NULL by the plan)
  std::string image;
  std::string image_ledenbase;
};

struct DumpPersonnel : DumpRecord {
  std::int64_t user = 0;
  std::string nickname;
  std::string image;
  bool active = true;  // newest schema; older dumps have no `active` (all active)
};

// purchase.product or inventory.product (the latter may carry the four optional extras).
struct DumpProduct : DumpRecord {
  std::string name;
  Cents price;
  std::string color;
  bool active = true;
  std::string image;
  // inventory.product: `units` of stock item `master_stock` drawn per item sold, a float of the
  // old system kept as its shortest text ("0.25"); converted to the stock unit's smallest steps by
  // the plan, which knows the unit. Absent: 1.
  std::optional<std::string> units;
  std::optional<std::int64_t> master_stock;  // an inventory.stock pk
  std::optional<std::string> grootboek_waarde;
};

struct DumpCategory : DumpRecord {
  std::string name;
  std::string description;
  std::vector<std::int64_t> products;
};

// A purchase.order: one product line, shared (many-to-many) by the purchases that list it.
struct DumpOrder : DumpRecord {
  std::int64_t product = 0;
  std::int64_t quantity = 0;
};

struct DumpPurchase : DumpRecord {
  std::optional<std::int64_t> buyer;  // holder pk
  std::int64_t seller = 0;            // personnel pk
  bool balance = false;
  bool cash = false;
  bool pin = false;
  TimestampUs created_us = 0;
  std::vector<std::int64_t> orders;  // purchase.order pks
};

struct DumpReport : DumpRecord {
  TimestampUs date_us = 0;
  std::int64_t personnel = 0;
  std::string action;
  Cents total_cash;
  std::int64_t flow_meter1 = 0;
  std::int64_t flow_meter2 = 0;
  std::string comment;
};

struct DumpBarCycle : DumpRecord {
  std::int64_t opening_report = 0;
  std::optional<std::int64_t> closing_report;
};

struct DumpWalletUpgrade : DumpRecord {
  std::int64_t holder = 0;
  std::optional<std::int64_t> personnel;
  Cents amount;
  bool refund = false;
  TimestampUs date_us = 0;
  std::string comment;
  bool cash = false;
  bool pin = false;
  std::optional<std::int64_t> mollie_payment;
};

// inventory.stock: quantity already converted to the unit's smallest step.
struct DumpStock : DumpRecord {
  std::string name;
  std::string unit;  // a domain::StockUnit name
  std::int64_t quantity_steps = 0;
  std::string description;
};

// inventory.stockmutations: a signed change of a stock in the old system (kept as history).
// `quantity` is the float's text: the plan converts it in the stock's unit, as the old system
// added it to the stock whatever the mutation's own `units` said.
struct DumpStockMutation : DumpRecord {
  std::int64_t stock = 0;
  std::string quantity;
  std::optional<std::string> unit;
  std::string comment;
  TimestampUs date_us = 0;
  std::optional<Cents> cost;
};

// users.card: newest dumps name the `user`, older ones the `holder`.
struct DumpCard : DumpRecord {
  std::optional<std::int64_t> user;
  std::optional<std::int64_t> holder;
  std::string card_id;  // as in the dump; the plan upper-cases it
  std::string card_name;
};

// purchase.happen: a meal.
struct DumpMeal : DumpRecord {
  TimestampUs date_us = 0;
  std::string title;
  std::string description;
  TimestampUs opening_us = 0;
  TimestampUs closing_us = 0;
  Cents cost;
  std::int64_t max_participants = 0;
};

// purchase.haporder (a sign-up) and purchase.happayment (a payment recorded by the old system).
struct DumpMealOrder : DumpRecord {
  std::int64_t meal = 0;
  std::int64_t holder = 0;
  std::int64_t quantity = 0;
  std::string comment;  // haporder only
};

struct DumpClientApplication : DumpRecord {
  std::string name;
  std::string identifier;
  std::int64_t user = 0;
  std::string paths;  // the old text: patterns separated by commas and newlines
};

struct DumpClientAdministrator : DumpRecord {
  std::int64_t user = 0;
  std::int64_t client_application = 0;
};

// A simple_history record (`<app>.historical<model>`): one version of one object.
struct DumpHistory : DumpRecord {
  std::string object_label;  // "inventory.product" for inventory.historicalproduct
  std::string object_id;     // the object's pk (its `id` field), as text
  std::int64_t history_id = 0;
  TimestampUs date_us = 0;
  char type = '~';  // '+' created, '~' changed, '-' deleted
  std::optional<std::int64_t> user;
  std::optional<std::string> change_reason;
  std::map<std::string, std::string> values;  // the object's fields, each as JSON text
};

struct DumpMolliePayment : DumpRecord {
  std::int64_t holder = 0;
  Cents amount;
  TimestampUs date_us = 0;
  std::string comment;
  std::optional<std::string> payment_id;
  bool is_paid = false;
  std::string identifier;
  std::optional<TimestampUs> payed_on_us;
  std::optional<TimestampUs> expiry_us;
};

// Everything read from the dump files, in file order within each model.
struct DumpData {
  std::vector<DumpGroup> groups;
  std::vector<DumpUser> users;
  std::vector<DumpHolder> holders;
  std::vector<DumpPersonnel> personnel;
  std::vector<DumpProduct> products;
  std::vector<DumpCategory> categories;
  std::vector<DumpOrder> orders;
  std::vector<DumpPurchase> purchases;
  std::vector<DumpReport> reports;
  std::vector<DumpBarCycle> bar_cycles;
  std::vector<DumpWalletUpgrade> wallet_upgrades;
  std::vector<DumpMolliePayment> mollie_payments;
  std::vector<DumpStock> stocks;
  std::vector<DumpStockMutation> stock_mutations;
  std::vector<DumpCard> cards;
  std::vector<DumpMeal> meals;
  std::vector<DumpMealOrder> meal_orders;    // purchase.haporder
  std::vector<DumpMealOrder> meal_payments;  // purchase.happayment
  std::vector<DumpClientApplication> client_applications;
  std::vector<DumpClientAdministrator> client_administrators;
  std::vector<DumpHistory> history;

  std::size_t records_read = 0;
  std::map<std::string, std::int64_t> skipped_by_label;  // records of models Mamon does not keep
  std::int64_t amounts_rounded = 0;  // money values with more than two decimals, rounded to cents
  std::int64_t quantities_rounded = 0;  // stock quantities finer than the unit's smallest step
  std::vector<std::string> warnings;    // repairs and ignored details, each naming its record
};

}  // namespace mamon::service::import
