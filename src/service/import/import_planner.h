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
  // import_plan_stock.cc (before products: they convert `units` in their stock's unit)
  Status plan_stock();
  // The product's stock item and units per sale in that stock's smallest steps.
  Status plan_product_stock(const DumpProduct& product, storage::ImportProductRow& row);
  // import_plan_more.cc
  Status plan_cards();
  Status plan_meals();
  Status plan_client_applications();
  Status plan_history();
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
  std::map<std::int64_t, const DumpStock*> stocks_;
  std::map<std::int64_t, const DumpStockMutation*> stock_mutations_;
  std::map<std::int64_t, const DumpCard*> cards_;
  std::map<std::int64_t, const DumpMeal*> meals_;
  std::map<std::int64_t, const DumpMealOrder*> meal_orders_;
  std::map<std::int64_t, const DumpMealOrder*> meal_payments_;
  std::map<std::int64_t, const DumpClientApplication*> client_applications_;
  std::map<std::int64_t, const DumpClientAdministrator*> client_administrators_;

  // Derived while planning.
  std::map<std::int64_t, std::int64_t> holder_user_;  // every holder (incl. created) -> user
  std::map<std::int64_t, Cents> holder_stand_;        // every holder -> final balance wanted
  std::map<std::int64_t, Cents> product_price_;       // every product (incl. placeholders)
};

}  // namespace mamon::service::import
