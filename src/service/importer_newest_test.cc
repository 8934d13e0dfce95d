// `mamon loaddata` of a dump of the newest schema (../shared/fixtures/newest-schema-sample.json)
// on both databases: it imports whole, each model's count matches the file, balances equal the
// holders' `stand`, stock and meals come across as the migration 0005 tables define them, a
// shuffled copy imports the same rows, and corrupted copies import nothing and name the record.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "domain/permissions.h"
#include "domain/products.h"
#include "service/importer.h"
#include "service/ledger_check.h"
#include "service/users_service.h"
#include "storage/import_repo.h"
#include "storage/products_repo.h"
#include "support/test_database.h"

namespace mamon::service {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using TableCounts = std::map<std::string, std::int64_t>;

std::string sample_path() {
  const char* dir = std::getenv("MAMON_FIXTURES_DIR");
  const std::string base =
      dir != nullptr && *dir != '\0'
          ? std::string(dir)
          : (std::filesystem::path(__FILE__).parent_path() / "../../../shared/fixtures")
                .lexically_normal()
                .string();
  return base + "/newest-schema-sample.json";
}

json sample() {
  std::ifstream in(sample_path());
  EXPECT_TRUE(in) << sample_path();
  return json::parse(in);
}

std::map<std::string, std::int64_t> records_per_model(const json& dump) {
  std::map<std::string, std::int64_t> out;
  for (const json& record : dump) ++out[record.value("model", "")];
  return out;
}

class NewestSchemaImportTest : public ::testing::TestWithParam<storage::Backend> {
 protected:
  NewestSchemaImportTest() : database_(GetParam()), clock_(1'700'000'000'000'000) {}

  storage::Database& db() { return database_.db(); }

  static TableCounts counts(storage::Database& db) {
    auto tx = testing::must(db.begin(storage::TxMode::kRead));
    auto rows = testing::must(storage::count_import_tables(*tx));
    return TableCounts(rows.begin(), rows.end());
  }

  // The sample with kees5 (user 10) also in group 4, so that a moved group keeps its members.
  static json dump_with_member_of_group_4() {
    json dump = sample();
    for (json& record : dump) {
      if (record.value("model", "") == "auth.user" && record["pk"] == 10) {
        record["fields"]["groups"].push_back(4);
      }
    }
    return dump;
  }

  Result<ImportSummary> import_json(storage::Database& target, const json& dump) {
    const std::vector<ImportSource> sources = {{"sample.json", dump.dump(1)}};
    return import_dump(target, sources, clock_);
  }

  static std::vector<std::vector<std::string>> rows(storage::Database& db, const char* sql) {
    auto tx = testing::must(db.begin(storage::TxMode::kRead));
    const storage::QueryResult result = testing::must(tx->query(sql));
    std::vector<std::vector<std::string>> out;
    for (const storage::Row& row : result.rows) {
      std::vector<std::string> cells;
      for (std::size_t i = 0; i < row.size(); ++i) {
        cells.push_back(row.is_null(i) ? "NULL" : row.get_text(i));
      }
      out.push_back(std::move(cells));
    }
    return out;
  }

  static std::string text(storage::Database& db, const char* sql) {
    auto all = rows(db, sql);
    return all.empty() || all[0].empty() ? "" : all[0][0];
  }

  void expect_ledger_clean(storage::Database& target) {
    auto violations = check_ledger(target);
    ASSERT_TRUE(violations.ok()) << violations.error().message;
    for (const InvariantViolation& v : *violations) {
      ADD_FAILURE() << v.invariant << ": " << v.detail;
    }
  }

  testing::TestDatabase database_;
  FakeClock clock_;
};

TEST_P(NewestSchemaImportTest, ImportsWholeWithEveryModelCounted) {
  const json dump = sample();
  const std::map<std::string, std::int64_t> file = records_per_model(dump);
  auto summary = import_json(db(), dump);
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  const TableCounts after = counts(db());

  // Every user of the dump (its own Cash and Pin become the system users).
  EXPECT_EQ(after.at("users"), file.at("auth.user"));
  // The dump's Tapper, Bestuur and Bezoekers join migration 0006's default groups; its
  // Kascommissie-less set leaves that default group as the one extra row.
  EXPECT_EQ(after.at("groups"), file.at("auth.group") + 1);
  EXPECT_EQ(after.at("holders"), file.at("users.holder"));
  EXPECT_EQ(after.at("personnel"), file.at("users.personel"));
  EXPECT_EQ(after.at("products"), file.at("inventory.product"));
  EXPECT_EQ(after.at("categories"), file.at("inventory.category"));
  EXPECT_EQ(after.at("purchases"), file.at("purchase.purchase"));
  EXPECT_EQ(after.at("reports"), file.at("purchase.report"));
  EXPECT_EQ(after.at("bar_cycles"), file.at("purchase.barcycle"));
  EXPECT_EQ(after.at("wallet_upgrades"), file.at("users.walletupgrades"));
  EXPECT_EQ(after.at("mollie_payments"), file.at("users.molliepayments"));
  EXPECT_EQ(after.at("cards"), file.at("users.card"));
  EXPECT_EQ(after.at("stock_items"), file.at("inventory.stock"));
  // History plus one opening 'import' mutation per stock (both quantities are not 0).
  EXPECT_EQ(after.at("stock_mutations"),
            file.at("inventory.stockmutations") + file.at("inventory.stock"));
  EXPECT_EQ(after.at("meals"), file.at("purchase.happen"));
  EXPECT_EQ(after.at("meal_signups"), file.at("purchase.haporder"));  // its payment marks it paid
  EXPECT_EQ(after.at("client_applications"), file.at("client.clientapplication"));
  EXPECT_EQ(after.at("client_application_administrators"),
            file.at("client.clientapplicationadministrator"));
  EXPECT_EQ(after.at("audit_log"), file.at("inventory.historicalproduct"));
  for (const char* label : {"contenttypes.contenttype", "auth.permission", "admin_interface.theme",
                            "sessions.session", "token_blacklist.outstandingtoken"}) {
    EXPECT_EQ(summary->skipped_by_label.at(label), file.at(label)) << label;
  }
  EXPECT_EQ(summary->records_read, dump.size());

  const import::PlanCounts& c = summary->counts;
  EXPECT_EQ(c.meal_signups_paid, file.at("purchase.happayment"));
  EXPECT_EQ(c.client_paths, 2);
  EXPECT_EQ(c.card_ids_upper_cased, 1);  // d51d5673438e61
  EXPECT_EQ(c.personnel_inactive, 1);
  EXPECT_EQ(c.products_with_stock, 3);
  EXPECT_EQ(c.history_entries, 1);
  // stand 33.333333333 (x4), 19.990000000000002 (x2), 0.30000000000000004 (x3).
  EXPECT_EQ(summary->amounts_rounded, 9);
  expect_ledger_clean(db());
}

TEST_P(NewestSchemaImportTest, BalancesEqualEachHoldersStandToTheCent) {
  const json dump = sample();
  ASSERT_TRUE(import_json(db(), dump).ok());
  auto tx = testing::must(db().begin(storage::TxMode::kRead));
  int holders = 0;
  for (const json& record : dump) {
    if (record.value("model", "") != "users.holder") continue;
    ++holders;
    bool rounded = false;
    const Cents stand =
        testing::must(Cents::parse_rounding(record["fields"]["stand"].dump(), &rounded));
    auto balance = testing::must(storage::holder_balance_cents(*tx, record["pk"].get<int>()));
    ASSERT_TRUE(balance.has_value());
    EXPECT_EQ(*balance, stand.value()) << "holder " << record["pk"];
  }
  EXPECT_EQ(holders, 30);
  EXPECT_EQ(*testing::must(storage::holder_balance_cents(*tx, 115)), 30);    // 0.30000000000000004
  EXPECT_EQ(*testing::must(storage::holder_balance_cents(*tx, 101)), 3333);  // 33.333333333
}

TEST_P(NewestSchemaImportTest, StockMealsCardsAndClientsComeAcross) {
  ASSERT_TRUE(import_json(db(), sample()).ok());
  {
    auto tx = testing::must(db().begin(storage::TxMode::kRead));
    // 0.25 liter per glass: 250 ml of stock item 1, shown as 0.25 liters.
    const domain::Product beer = testing::must(storage::find_product(*tx, 301));
    EXPECT_EQ(beer.units_per_sale, 250);
    EXPECT_EQ(beer.master_stock_id, 1);
    EXPECT_EQ(beer.stock_unit, domain::StockUnit::kLiters);
    EXPECT_DOUBLE_EQ(beer.units(), 0.25);
    EXPECT_EQ(testing::must(storage::find_product(*tx, 302)).units_per_sale, 1800);  // 1.8 l
    const domain::Product cola = testing::must(storage::find_product(*tx, 303));
    EXPECT_EQ(cola.master_stock_id, std::nullopt);
    EXPECT_DOUBLE_EQ(cola.units(), 1.0);
    EXPECT_EQ(testing::must(storage::find_product(*tx, 308)).grootboek_waarde, std::nullopt);
  }
  // Stock: the dump's quantity is the one counted mutation; the old mutation is history only.
  using Rows = std::vector<std::vector<std::string>>;
  EXPECT_EQ(rows(db(), "SELECT id, unit, quantity FROM stock_items ORDER BY id"),
            (Rows{{"1", "liters", "480500"}, {"2", "bags", "40000"}}));
  EXPECT_EQ(rows(db(),
                 "SELECT stock_item_id, kind, quantity_delta, reason, cost_cents FROM "
                 "stock_mutations WHERE imported = (1 = 1) ORDER BY id"),
            (Rows{{"1", "delivery", "50000", "levering", "11250"}}));
  EXPECT_EQ(rows(db(),
                 "SELECT s.id FROM stock_items s WHERE s.quantity <> (SELECT "
                 "COALESCE(SUM(m.quantity_delta), 0) FROM stock_mutations m WHERE "
                 "m.stock_item_id = s.id AND m.imported = (1 = 0))"),
            Rows{});
  EXPECT_EQ(text(db(), "SELECT COUNT(*) FROM stock_mutations WHERE kind = 'import'"), "2");
  // Meals: the payment is only a mark, no money moved.
  EXPECT_EQ(
      rows(db(), "SELECT title, description, cost_per_portion_cents, participants_max FROM meals"),
      (Rows{{"Stamppot", "", "450", "40"}}));
  EXPECT_EQ(rows(db(),
                 "SELECT holder_id, portions, comment FROM meal_signups "
                 "WHERE paid_in_old_system = (1 = 1)"),
            (Rows{{"106", "2", "vega"}}));
  EXPECT_EQ(text(db(),
                 "SELECT COUNT(*) FROM transfers WHERE kind NOT IN ('purchase', 'top_up', "
                 "'refund', 'mollie_top_up', 'opening_balance')"),
            "0");
  // Cards upper-cased; client application with its paths in order and its administrator.
  EXPECT_EQ(text(db(), "SELECT card_id FROM cards WHERE id = 1003"), "D51D5673438E61");
  EXPECT_EQ(rows(db(), "SELECT identifier, user_id FROM client_applications"),
            (Rows{{"d22cda44-fd32-44f2-abe6-3c701eb0db42", "1"}}));
  EXPECT_EQ(rows(db(), "SELECT pattern FROM client_application_paths ORDER BY position"),
            (Rows{{"^/api/holders/.*$"}, {"^/api/products/?$"}}));
  EXPECT_EQ(text(db(), "SELECT user_id FROM client_application_administrators"), "1");
  // History: who, when, what.
  const Rows audit = rows(db(),
                          "SELECT user_id, action, object_type, object_id, created_at_us, detail "
                          "FROM audit_log");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0][0], "1");
  EXPECT_EQ(audit[0][1], "imported_history.created");
  EXPECT_EQ(audit[0][2], "inventory.product");
  EXPECT_EQ(audit[0][3], "301");
  EXPECT_EQ(audit[0][4], std::to_string(testing::must(parse_iso8601("2022-10-05T20:00:00Z"))));
  const json detail = json::parse(audit[0][5]);
  EXPECT_EQ(detail["fields"]["price"], 1.0);
  EXPECT_EQ(detail["history_id"], 1);
}

// What a shuffled dump must reproduce: every row but surrogate ids the import does not take from
// the dump (order lines, transfers and wallet accounts are compared through their contents).
std::vector<std::vector<std::vector<std::string>>> fingerprint(storage::Database& db) {
  const char* queries[] = {
      "SELECT id, username, password_hash, is_active, is_system FROM users ORDER BY id",
      "SELECT user_id, group_id FROM user_groups ORDER BY user_id, group_id",
      "SELECT h.id, h.user_id, a.name, a.debits_cents, a.credits_cents, a.floor_cents FROM "
      "holders h JOIN accounts a ON a.id = h.account_id ORDER BY h.id",
      "SELECT name, debits_cents, credits_cents FROM accounts WHERE kind = 'system' ORDER BY name",
      "SELECT id, name, units_per_sale, stock_item_id FROM products ORDER BY id",
      "SELECT category_id, product_id FROM category_products ORDER BY 1, 2",
      "SELECT id, method, total_cents, balance_after_cents FROM purchases ORDER BY id",
      "SELECT purchase_id, product_id, quantity, unit_price_cents FROM order_lines ORDER BY 1, 2, "
      "3",
      "SELECT d.name, c.name, t.amount_cents, t.kind, t.purchase_id, t.wallet_upgrade_id, "
      "t.created_at_us FROM transfers t JOIN accounts d ON d.id = t.debit_account_id JOIN "
      "accounts c ON c.id = t.credit_account_id ORDER BY t.id",
      "SELECT id, stock_item_id, kind, quantity_delta, imported FROM stock_mutations ORDER BY id",
      "SELECT id, card_id, user_id FROM cards ORDER BY id",
      "SELECT id, meal_id, holder_id, portions, paid_in_old_system FROM meal_signups ORDER BY id",
      "SELECT client_application_id, position, pattern FROM client_application_paths ORDER BY 1, 2",
      "SELECT user_id, action, object_type, object_id, detail FROM audit_log ORDER BY id",
  };
  std::vector<std::vector<std::vector<std::string>>> out;
  auto tx = testing::must(db.begin(storage::TxMode::kRead));
  for (const char* sql : queries) {
    const storage::QueryResult result = testing::must(tx->query(sql));
    std::vector<std::vector<std::string>> table;
    for (const storage::Row& row : result.rows) {
      std::vector<std::string> cells;
      for (std::size_t i = 0; i < row.size(); ++i) {
        cells.push_back(row.is_null(i) ? "NULL" : row.get_text(i));
      }
      table.push_back(std::move(cells));
    }
    out.push_back(std::move(table));
  }
  return out;
}

TEST_P(NewestSchemaImportTest, ShuffledRecordOrderImportsTheSame) {
  const json dump = sample();
  json shuffled = dump;
  std::mt19937 random(20221005);
  std::shuffle(shuffled.begin(), shuffled.end(), random);
  ASSERT_NE(shuffled, dump);

  ASSERT_TRUE(import_json(db(), dump).ok());
  testing::TestDatabase other(GetParam());
  auto summary = import_json(other.db(), shuffled);
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_EQ(counts(other.db()), counts(db()));
  EXPECT_EQ(fingerprint(other.db()), fingerprint(db()));
  expect_ledger_clean(other.db());
}

// Replaces one field of the first record of `model` in file order (the last one with `last`).
json with_field(json dump, const std::string& model, const std::string& field, json value,
                std::size_t* index, bool last = false) {
  for (std::size_t n = 0; n < dump.size(); ++n) {
    const std::size_t i = last ? dump.size() - 1 - n : n;
    if (dump[i].value("model", "") != model) continue;
    dump[i]["fields"][field] = std::move(value);
    *index = i;
    return dump;
  }
  ADD_FAILURE() << "no " << model;
  return dump;
}

TEST_P(NewestSchemaImportTest, CorruptedCopiesImportNothingAndNameTheRecord) {
  const json dump = sample();
  const TableCounts before = counts(db());
  struct Case {
    std::string model, field;
    json value;
    std::string reason;
    bool last = false;
  };
  const std::vector<Case> cases = {
      {"inventory.product", "master_stock", 99, "missing stock 99"},
      {"inventory.product", "units", "a quarter", "field 'units' must be a number"},
      {"inventory.stock", "units", "barrels", "not a unit of the old system"},
      {"inventory.stockmutations", "stock", 42, "missing stock 42"},
      {"users.card", "user", 4242, "missing user 4242"},
      {"users.card", "card_id", "1eeb7e6fa4cd13", "duplicate card_id '1EEB7E6FA4CD13'", true},
      {"purchase.haporder", "holder", 99999, "missing holder 99999"},
      {"purchase.happayment", "happen", 7, "missing meal 7"},
      {"purchase.happen", "cost", "free", "not a money amount"},
      {"client.clientapplication", "user", 31337, "missing user 31337"},
      {"client.clientapplicationadministrator", "client_application", 2,
       "missing client application 2"},
      {"inventory.historicalproduct", "history_user", 555, "missing user 555 (history_user)"},
      {"inventory.historicalproduct", "history_type", "?", "field 'history_type'"},
      {"users.walletupgrades", "personel", 1, "missing personnel 1"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.model + "." + c.field);
    std::size_t index = 0;
    const json corrupted = with_field(dump, c.model, c.field, c.value, &index, c.last);
    auto result = import_json(db(), corrupted);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kMalformedRecord) << result.error().message;
    EXPECT_THAT(result.error().message, HasSubstr("sample.json record " + std::to_string(index)));
    EXPECT_THAT(result.error().message, HasSubstr(c.reason));
    EXPECT_EQ(counts(db()), before);
  }
}

TEST_P(NewestSchemaImportTest, UnknownModelsAreRefusedByName) {
  const TableCounts before = counts(db());
  for (const char* label : {"inventory.mystery", "purchase.historicalmystery", "client.token"}) {
    SCOPED_TRACE(label);
    json dump = sample();
    dump.push_back({{"model", label}, {"pk", 1}, {"fields", json::object()}});
    auto result = import_json(db(), dump);
    ASSERT_FALSE(result.ok());
    EXPECT_THAT(result.error().message,
                HasSubstr("sample.json record " + std::to_string(dump.size() - 1) +
                          ": unknown model '" + label + "'"));
    EXPECT_EQ(counts(db()), before);
  }
}

// Older dumps: a card names its holder, an upgrade its `seller`, personnel have no `active`.
TEST_P(NewestSchemaImportTest, OlderFieldNamesAreRead) {
  json dump = sample();
  for (json& record : dump) {
    const std::string model = record.value("model", "");
    json& fields = record["fields"];
    if (model == "users.card" && fields["user"] == 6) {
      fields.erase("user");
      fields["holder"] = 106;
    } else if (model == "users.walletupgrades") {
      fields["seller"] = fields["personel"];
      fields.erase("personel");
    } else if (model == "users.personel") {
      fields.erase("active");
    }
  }
  auto summary = import_json(db(), dump);
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_EQ(text(db(), "SELECT user_id FROM cards WHERE id = 1001"), "6");
  EXPECT_EQ(text(db(), "SELECT COUNT(*) FROM wallet_upgrades WHERE personnel_id = 203"), "12");
  EXPECT_EQ(summary->counts.personnel_inactive, 0);
  expect_ledger_clean(db());
}

// Migration 0006 made the default groups before the import: the dump's Tapper, Bestuur and
// Bezoekers join them (so their members get the default grants), and its fourth group, whose pk 4
// an existing group holds, moves to a free id with its members.
TEST_P(NewestSchemaImportTest, DumpGroupsJoinTheDefaultGroups) {
  const std::string visitors_before =
      text(db(), "SELECT id FROM groups WHERE name = 'Bezoekers'");
  auto summary = import_json(db(), dump_with_member_of_group_4());
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_EQ(summary->counts.groups, 4);
  EXPECT_EQ(summary->counts.groups_existing, 3);
  EXPECT_EQ(text(db(), "SELECT id FROM groups WHERE name = 'Bezoekers'"), visitors_before);
  EXPECT_EQ(text(db(), "SELECT COUNT(*) FROM groups WHERE name IN ('Tapper', 'Bestuur', "
                       "'Kascommissie', 'Bezoekers', 'Preases Imperfectus')"),
            "5");
  // finn4 was in the dump's group 3 (Bezoekers), anna14 (19) in 2 (Bestuur), kees5 in 4.
  EXPECT_EQ(text(db(), "SELECT g.name FROM user_groups ug JOIN groups g ON g.id = ug.group_id "
                       "WHERE ug.user_id = 9"),
            "Bezoekers");
  EXPECT_EQ(text(db(), "SELECT COUNT(*) FROM user_groups ug JOIN groups g ON g.id = "
                       "ug.group_id WHERE ug.user_id = 10 AND g.name = 'Preases Imperfectus'"),
            "1");
  EXPECT_NE(text(db(), "SELECT id FROM groups WHERE name = 'Preases Imperfectus'"), "4");
  const domain::Caller board = testing::must(load_caller(db(), 19));
  EXPECT_TRUE(domain::can_manage_products(board));
  EXPECT_TRUE(domain::can_view_overviews(board));
  EXPECT_FALSE(domain::can_view_overviews(testing::must(load_caller(db(), 9))));
  expect_ledger_clean(db());
}

INSTANTIATE_TEST_SUITE_P(Backends, NewestSchemaImportTest,
                         ::testing::ValuesIn(mamon::testing::backends_under_test()),
                         [](const auto& param_info) {
                           return mamon::testing::backend_name(param_info.param);
                         });

}  // namespace
}  // namespace mamon::service
