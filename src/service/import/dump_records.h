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
};

// purchase.product or inventory.product (the latter may carry the four optional extras).
struct DumpProduct : DumpRecord {
  std::string name;
  Cents price;
  std::string color;
  bool active = true;
  std::string image;
  std::optional<std::int64_t> units;
  std::optional<std::int64_t> master_stock;
  std::optional<std::string> grootboek_waarde;
  std::optional<std::int64_t> stock;
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

  std::size_t records_read = 0;
  std::map<std::string, std::int64_t> skipped_by_label;  // records of models Mamon does not keep
  std::int64_t amounts_rounded = 0;   // money values with more than two decimals, rounded to cents
  std::vector<std::string> warnings;  // repairs and ignored details, each naming its record
};

}  // namespace mamon::service::import
