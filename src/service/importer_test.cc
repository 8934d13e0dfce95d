// `mamon loaddata` on both databases: the old system's starter fixture imports completely with a
// clean ledger; a second import and corrupted dumps fail naming the record and change nothing.
#include "service/importer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include "service/ledger_check.h"
#include "service/passwords.h"
#include "storage/import_repo.h"
#include "support/test_database.h"

namespace mamon::service {
namespace {

using ::testing::HasSubstr;
using TableCounts = std::map<std::string, std::int64_t>;

// MAMON_FIXTURES_DIR, else ../shared/fixtures beside the repository (as CI clones it).
std::string fixtures_dir() {
  if (const char* dir = std::getenv("MAMON_FIXTURES_DIR"); dir != nullptr && *dir != '\0')
    return dir;
  return (std::filesystem::path(__FILE__).parent_path() / "../../../shared/fixtures")
      .lexically_normal()
      .string();
}

std::string starter_path() {
  return fixtures_dir() + "/starterDATA.json";
}

class ImporterTest : public ::testing::TestWithParam<storage::Backend> {
 protected:
  ImporterTest() : database_(GetParam()), clock_(1'700'000'000'000'000) {}

  storage::Database& db() { return database_.db(); }

  TableCounts counts() {
    auto tx = db().begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto rows = storage::count_import_tables(**tx);
    EXPECT_TRUE(rows.ok()) << rows.error().message;
    return TableCounts(rows->begin(), rows->end());
  }

  Result<ImportSummary> import_files(const std::vector<std::string>& paths) {
    MAMON_TRY(std::vector<ImportSource> sources, read_import_files(paths));
    return import_dump(db(), sources, clock_);
  }

  Result<ImportSummary> import_text(const std::string& text) {
    const std::vector<ImportSource> sources = {{"bad.json", text}};
    return import_dump(db(), sources, clock_);
  }

  std::int64_t balance(std::int64_t holder_id) {
    auto tx = db().begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto cents = storage::holder_balance_cents(**tx, holder_id);
    EXPECT_TRUE(cents.ok());
    EXPECT_TRUE(cents->has_value()) << "holder " << holder_id;
    return cents->value_or(-1);
  }

  void expect_ledger_clean() {
    auto violations = check_ledger(db());
    ASSERT_TRUE(violations.ok()) << violations.error().message;
    for (const InvariantViolation& v : *violations)
      ADD_FAILURE() << v.invariant << ": " << v.detail;
  }

  testing::TestDatabase database_;
  FakeClock clock_;
};

std::map<std::string, std::int64_t> differences(const TableCounts& after,
                                                const TableCounts& before) {
  std::map<std::string, std::int64_t> out;
  for (const auto& [table, count] : after) out[table] = count - before.at(table);
  return out;
}

TEST_P(ImporterTest, StarterFixtureImportsCompletely) {
  const TableCounts before = counts();
  auto summary = import_files({starter_path()});
  ASSERT_TRUE(summary.ok()) << summary.error().message;

  const auto added = differences(counts(), before);
  EXPECT_EQ(added.at("users"), 36);
  EXPECT_EQ(added.at("groups"), 1);  // Tapper and Bestuur join migration 0006's default groups
  EXPECT_EQ(added.at("holders"), 36);  // 23 from the dump + 13 created: one per user
  EXPECT_EQ(added.at("personnel"), 15);
  EXPECT_EQ(added.at("products"), 40);  // 38 + the recovered record 2 + placeholder #16
  EXPECT_EQ(added.at("categories"), 13);
  EXPECT_EQ(added.at("purchases"), 29);
  EXPECT_EQ(added.at("reports"), 97);
  EXPECT_EQ(added.at("bar_cycles"), 14);
  EXPECT_EQ(added.at("wallet_upgrades"), 11);
  EXPECT_EQ(added.at("mollie_payments"), 3);
  EXPECT_EQ(added.at("accounts"), 36);  // one wallet per holder

  const import::PlanCounts& c = summary->counts;
  EXPECT_EQ(c.users, 36);
  EXPECT_EQ(c.groups, 3);
  EXPECT_EQ(c.groups_existing, 2);
  EXPECT_EQ(c.holders_imported, 23);
  EXPECT_EQ(c.holders_created, 13);
  EXPECT_EQ(c.products_imported, 39);
  EXPECT_EQ(c.products_placeholder, 1);
  EXPECT_EQ(c.recovered_records, 1);
  EXPECT_EQ(c.passwords_kept, 1);
  EXPECT_EQ(c.ledenbase_ids_cleared, 2);
  EXPECT_EQ(c.orders_unreferenced, 1);  // order 26
  EXPECT_EQ(summary->skipped_by_label.at("auth.permission"), 164);
  EXPECT_EQ(summary->skipped_by_label.at("admin.logentry"), 5);
  EXPECT_EQ(summary->skipped_by_label.at("admin_interface.theme"), 2);
  EXPECT_GT(summary->amounts_rounded, 0);

  const std::string text = format_import_summary(*summary);
  EXPECT_THAT(text, HasSubstr("starterDATA.json record 2"));
  EXPECT_THAT(text, HasSubstr("starterDATA.json record 85"));
  EXPECT_THAT(text, HasSubstr("starterDATA.json record 86"));
  EXPECT_THAT(text, HasSubstr("Missing product #16 (import)"));

  // Every wallet ends exactly at the dump's stand, rounded to cents.
  EXPECT_EQ(balance(65), 12600);
  EXPECT_EQ(balance(62), 88484);    // 884.8430000000001
  EXPECT_EQ(balance(50), 1396521);  // 13965.214302995568
  EXPECT_EQ(balance(36), 11);       // 0.11056485602839183

  auto tx = db().begin(storage::TxMode::kRead);
  ASSERT_TRUE(tx.ok());
  auto kept = storage::user_password_hash(**tx, "GMaduro1");
  ASSERT_TRUE(kept.ok() && kept->has_value());
  EXPECT_TRUE((*kept)->starts_with("pbkdf2_sha256$320000$"));
  EXPECT_TRUE(is_usable_password_hash(**kept));
  auto cleared = storage::user_password_hash(**tx, "jwilliams");
  ASSERT_TRUE(cleared.ok() && cleared->has_value());
  EXPECT_EQ(**cleared, "");
  tx->reset();

  expect_ledger_clean();
}

TEST_P(ImporterTest, SecondImportFailsAndKeepsTheFirst) {
  ASSERT_TRUE(import_files({starter_path()}).ok());
  const TableCounts after_first = counts();
  auto again = import_files({starter_path()});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict) << again.error().message;
  EXPECT_EQ(counts(), after_first);
  EXPECT_EQ(balance(65), 12600);
  expect_ledger_clean();
}

// A small but complete dump: one of everything a purchase needs. Record indexes are fixed.
std::string small_dump(const std::string& purchase_fields, const std::string& extra = "") {
  return R"([
 {"model": "auth.user", "pk": 1, "fields": {"password": "", "last_login": null,
   "is_superuser": false, "username": "ann", "first_name": "Ann", "last_name": "A", "email": "",
   "is_staff": false, "is_active": true, "date_joined": "2022-10-20T20:31:00Z", "groups": [],
   "user_permissions": []}},
 {"model": "users.holder", "pk": 5, "fields": {"user": 1, "stand": 10.0, "ledenbase_id": null,
   "image": "", "image_ledenbase": null}},
 {"model": "users.personel", "pk": 7, "fields": {"user": 1, "nickname": "ann", "image": ""}},
 {"model": "purchase.product", "pk": 3, "fields": {"name": "Pils", "price": 2.5,
   "color": "#FFFFFF", "active": true, "image": ""}},
 {"model": "purchase.order", "pk": 9, "fields": {"product": 3, "quantity": 2}},
 {"model": "purchase.purchase", "pk": 11, "fields": )" +
         purchase_fields + R"(}
)" + extra +
         "]";
}

const std::string kGoodPurchase =
    R"({"buyer": 5, "seller": 7, "balance": true, "cash": false, "pin": false,
        "created": "2022-10-21T09:10:58.157Z", "remaining_after_purchase": 0.0, "orders": [9]})";

TEST_P(ImporterTest, SmallDumpImportsWithReplayedBalance) {
  auto summary = import_text(small_dump(kGoodPurchase));
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_EQ(balance(5), 1000);
  EXPECT_EQ(summary->counts.opening_balances, 1);  // 15.00 in, 5.00 spent
  expect_ledger_clean();
}

struct Corruption {
  std::string name;
  std::string dump;
  std::string expected;  // in the error message
};

std::vector<Corruption> corruptions() {
  return {
      {"negative quantity",
       small_dump(
           kGoodPurchase,
           R"(, {"model": "purchase.order", "pk": 10, "fields": {"product": 3, "quantity": -1}})"),
       "bad.json record 6"},
      {"unknown model",
       small_dump(kGoodPurchase, R"(, {"model": "purchase.mystery", "pk": 1, "fields": {}})"),
       "bad.json record 6"},
      {"price not a number",
       small_dump(kGoodPurchase, R"(, {"model": "purchase.product", "pk": 4, "fields": {"name": "X",
         "price": "abc", "color": "#FFFFFF", "active": true, "image": ""}})"),
       "bad.json record 6"},
      {"missing holder",
       small_dump(R"({"buyer": 99999, "seller": 7, "balance": true, "cash": false, "pin": false,
         "created": "2022-10-21T09:10:58.157Z", "remaining_after_purchase": 0.0, "orders": [9]})"),
       "bad.json record 5"},
      {"not an object", small_dump(kGoodPurchase, R"(, 42)"), "bad.json record 6"},
      {"bad date",
       small_dump(R"({"buyer": 5, "seller": 7, "balance": true, "cash": false, "pin": false,
         "created": "yesterday", "remaining_after_purchase": 0.0, "orders": [9]})"),
       "bad.json record 5"},
      {"missing field", small_dump(R"({"buyer": 5, "balance": true, "cash": false, "pin": false,
         "created": "2022-10-21T09:10:58.157Z", "remaining_after_purchase": 0.0, "orders": [9]})"),
       "bad.json record 5"},
      {"wrong type",
       small_dump(R"({"buyer": 5, "seller": 7, "balance": "yes", "cash": false, "pin": false,
         "created": "2022-10-21T09:10:58.157Z", "remaining_after_purchase": 0.0, "orders": [9]})"),
       "bad.json record 5"},
      {"duplicate pk",
       small_dump(
           kGoodPurchase,
           R"(, {"model": "purchase.order", "pk": 9, "fields": {"product": 3, "quantity": 1}})"),
       "bad.json record 6"},
      {"duplicate username",
       small_dump(kGoodPurchase, R"(, {"model": "auth.user", "pk": 2, "fields": {"password": "",
         "last_login": null, "is_superuser": false, "username": "ann", "first_name": "", "last_name": "",
         "email": "", "is_staff": false, "is_active": true, "date_joined": "2022-10-20T20:31:00Z",
         "groups": [], "user_permissions": []}})"),
       "bad.json record 6"},
      {"duplicate product name",
       small_dump(kGoodPurchase,
                  R"(, {"model": "purchase.product", "pk": 4, "fields": {"name": "Pils",
         "price": 1, "color": "#FFFFFF", "active": true, "image": ""}})"),
       "bad.json record 6"},
      {"missing group",
       small_dump(kGoodPurchase, R"(, {"model": "auth.user", "pk": 2, "fields": {"password": "",
         "last_login": null, "is_superuser": false, "username": "bob", "first_name": "", "last_name": "",
         "email": "", "is_staff": false, "is_active": true, "date_joined": "2022-10-20T20:31:00Z",
         "groups": [4], "user_permissions": []}})"),
       "bad.json record 6"},
      {"missing report",
       small_dump(
           kGoodPurchase,
           R"(, {"model": "purchase.barcycle", "pk": 1, "fields": {"opening_report": 3, "closing_report": null}})"),
       "bad.json record 6"},
      {"model-less record matching nothing",
       small_dump(kGoodPurchase, R"(, {"fields": {"name": "X"}})"), "bad.json record 6"},
  };
}

TEST_P(ImporterTest, CorruptedDumpsNameTheRecordAndImportNothing) {
  const TableCounts before = counts();
  for (const Corruption& corruption : corruptions()) {
    SCOPED_TRACE(corruption.name);
    auto result = import_text(corruption.dump);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kMalformedRecord) << result.error().message;
    EXPECT_THAT(result.error().message, HasSubstr(corruption.expected));
    EXPECT_EQ(counts(), before);
  }
  expect_ledger_clean();
}

// The starter fixture with one bad record at its end: even after 462 good records, nothing stays.
TEST_P(ImporterTest, CorruptedFixtureCopyImportsNothing) {
  std::ifstream in(starter_path());
  ASSERT_TRUE(in) << starter_path();
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::size_t end = text.rfind(']');
  ASSERT_NE(end, std::string::npos);
  text.replace(end, 1, R"(, {"model": "purchase.purchase", "pk": 5000, "fields": {"buyer": 99999,
    "seller": 65, "balance": true, "cash": false, "pin": false, "created": "2022-10-21T09:10:58Z",
    "remaining_after_purchase": 0.0, "orders": []}}])");
  const auto dir =
      std::filesystem::temp_directory_path() / ("mamon-import-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "corrupted.json").string();
  std::ofstream(path) << text;

  const TableCounts before = counts();
  auto result = import_files({path});
  std::filesystem::remove_all(dir);
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.error().message, HasSubstr("corrupted.json record 462"));
  EXPECT_THAT(result.error().message, HasSubstr("missing holder 99999"));
  EXPECT_EQ(counts(), before);
}

INSTANTIATE_TEST_SUITE_P(Backends, ImporterTest,
                         ::testing::ValuesIn(mamon::testing::backends_under_test()),
                         [](const auto& param_info) {
                           return mamon::testing::backend_name(param_info.param);
                         });

}  // namespace
}  // namespace mamon::service
