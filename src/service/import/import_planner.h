// Internal to import_plan: the planner's state, shared by import_plan.cc (people, products,
// reports), import_plan_money.cc (purchases, Mollie payments, wallet upgrades) and
// import_ledger.cc (transfers, opening balances, balance replay). See import_plan.h for the rules.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "service/import/import_plan.h"

namespace mamon::service::import {

class Planner {
 public:
  Planner(DumpData data, const storage::ImportIdFloors& floors, TimestampUs now_us);

  Result<ImportPlan> run();

 private:
  // import_plan.cc
  Status assign_recovered_pks();
  Status index_records();
  Status plan_groups_and_users();
  Status plan_holders();
  Status plan_personnel();
  Status plan_products_and_categories();
  Status plan_reports_and_cycles();
  // import_plan_money.cc
  Status plan_purchases();
  Status plan_mollie_payments();
  Status plan_wallet_upgrades();
  // import_ledger.cc
  Status plan_ledger();

  // kMalformedRecord naming the record.
  Error bad(const DumpRecord& record, const std::string& reason) const;
  void warn(const DumpRecord& record, const std::string& text);

  DumpData data_;
  storage::ImportIdFloors floors_;
  TimestampUs now_us_;
  ImportPlan plan_;

  // Dump records by pk (pointers into data_, which no longer changes after assign_recovered_pks).
  std::map<std::int64_t, const DumpGroup*> groups_;
  std::map<std::int64_t, const DumpUser*> users_;
  std::map<std::int64_t, const DumpHolder*> holders_;
  std::map<std::int64_t, const DumpPersonnel*> personnel_;
  std::map<std::int64_t, const DumpProduct*> products_;
  std::map<std::int64_t, const DumpCategory*> categories_;
  std::map<std::int64_t, const DumpOrder*> orders_;
  std::map<std::int64_t, const DumpPurchase*> purchases_;
  std::map<std::int64_t, const DumpReport*> reports_;
  std::map<std::int64_t, const DumpBarCycle*> bar_cycles_;
  std::map<std::int64_t, const DumpWalletUpgrade*> wallet_upgrades_;
  std::map<std::int64_t, const DumpMolliePayment*> mollie_payments_;

  // Derived while planning.
  std::map<std::int64_t, std::int64_t> holder_user_;  // every holder (incl. created) -> user
  std::map<std::int64_t, Cents> holder_stand_;        // every holder -> final balance wanted
  std::map<std::int64_t, Cents> product_price_;       // every product (incl. placeholders)
};

}  // namespace mamon::service::import
