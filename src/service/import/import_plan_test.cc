// The import's parse and plan steps without a database: repair rules, mappings and the ledger
// of imported history.
#include "service/import/import_plan.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "service/import/dump_parser.h"

namespace mamon::service::import {
namespace {

using ::testing::HasSubstr;

constexpr TimestampUs kNow = 1'700'000'000'000'000;  // 2023-11-14

const char* const kPeople = R"(
 {"model": "auth.group", "pk": 1, "fields": {"name": "Tapper", "permissions": []}},
 {"model": "auth.user", "pk": 1, "fields": {"password": "pbkdf2_sha256$260000$seasalt$YlZ2Vggtqdc61YjArZuoApoBh9JNGYoDRBUGu6tcJQo=",
   "last_login": null, "is_superuser": false, "username": "ann", "first_name": "Ann",
   "last_name": "A", "email": "", "is_staff": false, "is_active": true,
   "date_joined": "2022-10-20T20:31:00Z", "groups": [1], "user_permissions": [3]}},
 {"model": "auth.user", "pk": 2, "fields": {"password": "just some text", "last_login": null,
   "is_superuser": false, "username": "bob", "first_name": "", "last_name": "", "email": "",
   "is_staff": false, "is_active": true, "date_joined": "2022-10-20T20:31:00Z", "groups": [],
   "user_permissions": []}},
 {"model": "users.holder", "pk": 5, "fields": {"user": 1, "stand": 10.004, "ledenbase_id": 0,
   "image": "", "image_ledenbase": null}},
 {"model": "users.personel", "pk": 7, "fields": {"user": 1, "nickname": "ann", "image": ""}},
 {"model": "purchase.product", "pk": 3, "fields": {"name": "Pils", "price": 2.5,
   "color": "#FFFFFF", "active": true, "image": ""}})";

Result<ImportPlan> plan(const std::string& more) {
  DumpData data;
  MAMON_RETURN_IF_ERROR(parse_dump("t.json", std::string("[") + kPeople + more + "]", data));
  return plan_import(std::move(data), storage::ImportIdFloors{}, kNow);
}

const storage::ImportTransferRow* transfer_of_purchase(const ImportPlan& p, std::int64_t id) {
  for (const auto& t : p.batch.transfers) {
    if (t.purchase_id == id) return &t;
  }
  return nullptr;
}

TEST(ImportPlanTest, PeopleHoldersAndPasswords) {
  auto p = plan("");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->counts.passwords_kept, 1);
  EXPECT_EQ(p->counts.passwords_cleared, 1);
  EXPECT_EQ(p->batch.users[1].password_hash, "");
  EXPECT_EQ(p->counts.holders_created, 1);  // bob
  EXPECT_EQ(p->batch.holders[1].user_id, 2);
  EXPECT_EQ(p->batch.holders[1].id, 6);
  EXPECT_FALSE(p->batch.holders[0].ledenbase_id.has_value());  // 0 -> NULL
  EXPECT_EQ(p->counts.ledenbase_ids_cleared, 1);
  ASSERT_EQ(p->batch.transfers.size(), 1u);  // ann's opening balance of 10.00
  EXPECT_EQ(p->batch.transfers[0].amount_cents, 1000);
  EXPECT_EQ(p->batch.transfers[0].debit_account, "opening_balance");
  EXPECT_EQ(p->batch.transfers[0].credit_account, "wallet:user:1");
}

TEST(ImportPlanTest, PurchasesByMethodAndBalanceReplay) {
  auto p = plan(R"(,
   {"model": "purchase.order", "pk": 9, "fields": {"product": 3, "quantity": 2}},
   {"model": "purchase.purchase", "pk": 11, "fields": {"buyer": 5, "seller": 7, "balance": true,
     "cash": false, "pin": false, "created": "2022-10-21T10:00:00Z", "remaining_after_purchase": 0.0,
     "orders": [9]}},
   {"model": "purchase.purchase", "pk": 12, "fields": {"buyer": 5, "seller": 7, "balance": false,
     "cash": false, "pin": false, "created": "2022-10-21T11:00:00Z", "remaining_after_purchase": 0.0,
     "orders": [9]}},
   {"model": "purchase.purchase", "pk": 13, "fields": {"buyer": null, "seller": 7, "balance": false,
     "cash": false, "pin": true, "created": "2022-10-21T12:00:00Z", "remaining_after_purchase": 0.0,
     "orders": []}},
   {"model": "users.walletupgrades", "pk": 1, "fields": {"holder": 5, "personel": 7, "amount": 20.0,
     "refund": false, "date": "2022-10-21T09:00:00Z", "comment": null, "cash": true, "pin": false,
     "molliePayment": null}},
   {"model": "users.walletupgrades", "pk": 2, "fields": {"holder": 5, "personel": null, "amount": 1.0,
     "refund": true, "date": "2022-10-21T13:00:00Z", "comment": null, "cash": false, "pin": false,
     "molliePayment": null}})");
  ASSERT_TRUE(p.ok()) << p.error().message;
  ASSERT_EQ(p->batch.purchases.size(), 3u);
  EXPECT_EQ(p->batch.purchases[0].method, "balance");
  EXPECT_EQ(p->batch.purchases[0].total_cents, 500);
  EXPECT_EQ(p->batch.purchases[1].method, "unknown");
  EXPECT_EQ(p->batch.purchases[2].method, "pin");
  EXPECT_EQ(p->batch.purchases[2].total_cents, 0);
  EXPECT_EQ(transfer_of_purchase(*p, 13), nullptr);  // 0.00 moves nothing
  EXPECT_EQ(transfer_of_purchase(*p, 11)->debit_account, "wallet:user:1");
  EXPECT_EQ(transfer_of_purchase(*p, 11)->credit_account, "sales");
  EXPECT_EQ(transfer_of_purchase(*p, 12)->debit_account, "legacy_unknown");
  // Stand 10.00 = opening + 20.00 - 5.00 - 1.00, so opening = -4.00 (wallet debited).
  const auto& opening = p->batch.transfers.front();
  EXPECT_EQ(opening.kind, "opening_balance");
  EXPECT_EQ(opening.debit_account, "wallet:user:1");
  EXPECT_EQ(opening.amount_cents, 400);
  // Replay: -4.00 + 20.00 (09:00) - 5.00 (10:00) = 11.00 after purchase 11.
  EXPECT_EQ(p->batch.purchases[0].balance_after_cents, 1100);
  EXPECT_FALSE(p->batch.purchases[1].balance_after_cents.has_value());
  const auto refund = std::find_if(p->batch.transfers.begin(), p->batch.transfers.end(),
                                   [](const auto& t) { return t.wallet_upgrade_id == 2; });
  ASSERT_NE(refund, p->batch.transfers.end());
  EXPECT_EQ(refund->kind, "refund");
  EXPECT_EQ(refund->debit_account, "wallet:user:1");
  EXPECT_EQ(refund->credit_account, "legacy_unknown");
}

TEST(ImportPlanTest, RecoveredRecordAndPlaceholderProduct) {
  auto p = plan(R"(,
   {"fields": {"name": "Glenn", "price": 5.0, "color": "#FFFFFF", "active": true, "image": ""}},
   {"model": "purchase.order", "pk": 9, "fields": {"product": 16, "quantity": 1}},
   {"model": "purchase.purchase", "pk": 11, "fields": {"buyer": 5, "seller": 7, "balance": true,
     "cash": false, "pin": false, "created": "2022-10-21T10:00:00Z", "remaining_after_purchase": 0.0,
     "orders": [9]}})");
  ASSERT_TRUE(p.ok()) << p.error().message;
  ASSERT_EQ(p->batch.products.size(), 3u);
  EXPECT_EQ(p->batch.products[1].name, "Glenn");
  EXPECT_EQ(p->batch.products[1].id, 17);  // above every dumped and referenced product pk
  EXPECT_EQ(p->batch.products[2].id, 16);
  EXPECT_EQ(p->batch.products[2].name, "Missing product #16 (import)");
  EXPECT_FALSE(p->batch.products[2].active);
  EXPECT_EQ(p->batch.products[2].price_cents, 0);
  EXPECT_EQ(p->batch.purchases[0].total_cents, 0);
  EXPECT_EQ(p->batch.purchases[0].balance_after_cents, 1000);  // a 0.00 wallet purchase too
  std::string all;
  for (const auto& w : p->warnings) all += w + "\n";
  EXPECT_THAT(all, HasSubstr("t.json record 6: record without \"model\""));
  EXPECT_THAT(all,
              HasSubstr("t.json record 7 (purchase.order pk 9): product 16 is not in the dump"));
}

TEST(ImportPlanTest, ReportActionsAndBarCycles) {
  auto p = plan(R"(,
   {"model": "purchase.report", "pk": 1, "fields": {"date": "2022-11-02T14:44:56Z", "personel": 7,
     "action": "OPEN", "total_cash": 0.571107282910237, "flow_meter1": -5, "flow_meter2": 2, "comment": null}},
   {"model": "purchase.report", "pk": 2, "fields": {"date": "2022-11-02T15:44:56Z", "personel": 7,
     "action": "glass", "total_cash": 1, "flow_meter1": 1, "flow_meter2": 2, "comment": "x"}},
   {"model": "purchase.barcycle", "pk": 4, "fields": {"opening_report": 1, "closing_report": 2}})");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->batch.reports[0].action, "open");
  EXPECT_EQ(p->batch.reports[0].total_cash_cents, 57);
  EXPECT_EQ(p->batch.reports[0].flow_meter1, -5);
  EXPECT_EQ(p->batch.reports[1].action, "other");
  EXPECT_EQ(p->batch.reports[1].legacy_action, "glass");
  EXPECT_EQ(p->batch.reports[0].bar_cycle_id, 4);
  EXPECT_EQ(p->batch.reports[1].bar_cycle_id, 4);
}

TEST(ImportPlanTest, PaidMollieWithoutUpgradeGetsOne) {
  auto p = plan(R"(,
   {"model": "users.molliepayments", "pk": 85, "fields": {"holder": 5, "amount": "21.00",
     "date": "2022-11-18T16:11:35.654Z", "comment": null, "payment_id": "tr_x", "is_paid": true,
     "identifier": "b30ef231", "payed_on": "2022-11-18T16:12:00Z", "expiry_date": null}})");
  ASSERT_TRUE(p.ok()) << p.error().message;
  ASSERT_EQ(p->batch.wallet_upgrades.size(), 1u);
  EXPECT_EQ(p->batch.wallet_upgrades[0].method, "mollie");
  EXPECT_EQ(p->batch.wallet_upgrades[0].mollie_payment_id, 85);
  EXPECT_EQ(p->batch.wallet_upgrades[0].amount_cents, 2100);
  EXPECT_EQ(p->batch.mollie_payments[0].status, "paid");
  const auto t = std::find_if(p->batch.transfers.begin(), p->batch.transfers.end(),
                              [](const auto& x) { return x.wallet_upgrade_id.has_value(); });
  ASSERT_NE(t, p->batch.transfers.end());
  EXPECT_EQ(t->kind, "mollie_top_up");
  EXPECT_EQ(t->debit_account, "mollie_clearing");
  EXPECT_EQ(p->counts.wallet_upgrades_created, 1);
}

TEST(ImportPlanTest, NegativeStandLowersTheFloor) {
  DumpData data;
  std::string people = kPeople;
  people.replace(people.find("10.004"), 6, "-3.5");
  ASSERT_TRUE(parse_dump("t.json", "[" + people + "]", data).ok());
  auto p = plan_import(std::move(data), storage::ImportIdFloors{}, kNow);
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->batch.holders[0].floor_cents, -350);
  EXPECT_EQ(p->batch.transfers[0].debit_account, "wallet:user:1");
  EXPECT_EQ(p->batch.transfers[0].amount_cents, 350);
}

TEST(ImportPlanTest, HardErrorsNameTheRecord) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"(, {"model": "users.holder", "pk": 6, "fields": {"user": 1, "stand": 0, "ledenbase_id": null, "image": "", "image_ledenbase": ""}})",
       "t.json record 6 (users.holder pk 6): user 1 already has a holder"},
      {R"(, {"model": "users.personel", "pk": 8, "fields": {"user": 42, "nickname": "", "image": ""}})",
       "t.json record 6 (users.personel pk 8): reference to missing user 42"},
      {R"(, {"model": "purchase.purchase", "pk": 1, "fields": {"buyer": 5, "seller": 7, "balance": true,
          "cash": true, "pin": false, "created": "2022-10-21T10:00:00Z", "remaining_after_purchase": 0, "orders": []}})",
       "more than one payment method"},
      {R"(, {"model": "purchase.purchase", "pk": 1, "fields": {"buyer": 5, "seller": 7, "balance": false,
          "cash": false, "pin": false, "created": "2022-10-21T10:00:00Z", "remaining_after_purchase": 0, "orders": [77]}})",
       "reference to missing order 77"},
      {R"(, {"model": "users.walletupgrades", "pk": 1, "fields": {"holder": 5, "personel": 7, "amount": 2,
          "refund": false, "date": "2022-10-21T09:00:00Z", "comment": null, "cash": true, "pin": true,
          "molliePayment": null}})",
       "both cash and pin"},
      {R"(, {"model": "purchase.report", "pk": 1, "fields": {"date": "2022-11-02T14:44:56Z", "personel": 7,
          "action": "Open", "total_cash": -1, "flow_meter1": 0, "flow_meter2": 0, "comment": ""}})",
       "field 'total_cash' must not be negative"},
  };
  for (const auto& [more, expected] : cases) {
    SCOPED_TRACE(expected);
    auto p = plan(more);
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.error().code, ErrorCode::kMalformedRecord);
    EXPECT_THAT(p.error().message, HasSubstr(expected));
  }
}

TEST(ImportPlanTest, SkippedLabelsAreCounted) {
  DumpData data;
  ASSERT_TRUE(parse_dump("t.json", R"([
    {"model": "auth.permission", "pk": 1, "fields": {}},
    {"model": "auth.permission", "pk": 2, "fields": {}},
    {"model": "contenttypes.contenttype", "pk": 1, "fields": {}},
    {"model": "sessions.session", "pk": "abc", "fields": {}}])",
                         data)
                  .ok());
  EXPECT_EQ(data.skipped_by_label["auth.permission"], 2);
  EXPECT_EQ(data.skipped_by_label["contenttypes.contenttype"], 1);
  EXPECT_EQ(data.skipped_by_label["sessions.session"], 1);
}

TEST(ImportPlanTest, NotJsonIsAnError) {
  DumpData data;
  auto status = parse_dump("t.json", "[{", data);
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.error().message, HasSubstr("t.json: not valid JSON"));
}

}  // namespace
}  // namespace mamon::service::import
