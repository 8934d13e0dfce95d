#include "storage/migrations.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <thread>

#include "storage/script.h"
#include "storage/storage_test_helpers.h"

namespace mamon::storage {
namespace {

int latest_version(Backend backend) {
  const auto& list = backend == Backend::kSqlite ? sqlite_migrations() : postgres_migrations();
  return list.empty() ? 0 : list.back().version;
}

int migration_count(Backend backend) {
  return static_cast<int>(
      (backend == Backend::kSqlite ? sqlite_migrations() : postgres_migrations()).size());
}

TEST(MigrationLists, AreNumberedInOrderAndAgree) {
  for (const auto* list : {&sqlite_migrations(), &postgres_migrations()}) {
    ASSERT_FALSE(list->empty());
    int previous = 0;
    for (const Migration& migration : *list) {
      EXPECT_GT(migration.version, previous) << migration.name;
      previous = migration.version;
    }
  }
  // Both backends must offer the same schema versions, or a deployment could not switch.
  ASSERT_EQ(sqlite_migrations().size(), postgres_migrations().size());
  for (std::size_t i = 0; i < sqlite_migrations().size(); ++i) {
    EXPECT_EQ(sqlite_migrations()[i].version, postgres_migrations()[i].version);
    EXPECT_STREQ(sqlite_migrations()[i].name, postgres_migrations()[i].name);
  }
}

class MigrationsTest : public BackendTest {
 protected:
  void SetUp() override { empty_groups_table(); }

  // A URL of an empty database on the same backend: a new SQLite file, or a new schema of the
  // PostgreSQL test database selected through search_path.
  std::string empty_database_url() {
    if (backend() == Backend::kSqlite) {
      std::string dir = std::filesystem::temp_directory_path() / "mamon-migrate-XXXXXX";
      if (mkdtemp(dir.data()) == nullptr) std::abort();
      cleanup_dir_ = dir;
      return "sqlite:///" + dir + "/empty.sqlite3";
    }
    exec("CREATE SCHEMA empty_schema");
    return url() + (url().find('?') == std::string::npos ? "?" : "&") +
           "options=-csearch_path%3Dempty_schema";
  }

  ~MigrationsTest() override {
    if (!cleanup_dir_.empty()) std::filesystem::remove_all(cleanup_dir_);
  }

 private:
  std::string cleanup_dir_;
};

TEST_P(MigrationsTest, MigratingAgainAppliesNothing) {
  Result<int> applied = migrate(db());
  ASSERT_TRUE(applied.ok()) << applied.error().message;
  EXPECT_EQ(*applied, 0);
  EXPECT_EQ(must(schema_version(db())), latest_version(backend()));
}

TEST_P(MigrationsTest, EmptyDatabaseGetsEveryMigrationOnce) {
  std::unique_ptr<Database> empty = must(open_database(empty_database_url()));
  EXPECT_EQ(must(schema_version(*empty)), 0);

  EXPECT_EQ(must(migrate(*empty)), migration_count(backend()));
  EXPECT_EQ(must(schema_version(*empty)), latest_version(backend()));
  EXPECT_EQ(must(migrate(*empty)), 0);

  auto tx = must(empty->begin(TxMode::kRead));
  const QueryResult rows = must(
      tx->query("SELECT version, name, applied_at_us FROM schema_migrations ORDER BY version"));
  ASSERT_EQ(rows.rows.size(), static_cast<std::size_t>(migration_count(backend())));
  EXPECT_EQ(rows.rows[0].get_int(0), 1);
  EXPECT_EQ(rows.rows[0].get_text(1), "0001_initial");
  EXPECT_GT(rows.rows[0].get_int(2), 1'600'000'000'000'000);  // microseconds, after 2020
  // The schema is really there.
  EXPECT_TRUE(tx->query("SELECT count(*) FROM transfers").ok());
}

TEST_P(MigrationsTest, ConcurrentMigrationsApplyEachMigrationOnce) {
  const std::string target = empty_database_url();
  std::unique_ptr<Database> first = must(open_database(target));
  std::unique_ptr<Database> second = must(open_database(target));
  Result<int> applied_first = 0;
  Result<int> applied_second = 0;
  std::thread a([&] { applied_first = migrate(*first); });
  std::thread b([&] { applied_second = migrate(*second); });
  a.join();
  b.join();
  ASSERT_TRUE(applied_first.ok()) << applied_first.error().message;
  ASSERT_TRUE(applied_second.ok()) << applied_second.error().message;
  EXPECT_EQ(*applied_first + *applied_second, migration_count(backend()));
  EXPECT_EQ(must(schema_version(*first)), latest_version(backend()));
}

TEST_P(MigrationsTest, ScriptRunsSeveralStatementsInTheTransaction) {
  {
    auto tx = begin();
    must(execute_script(*tx,
                        "CREATE TABLE script_a (x INTEGER);\n"
                        "INSERT INTO script_a VALUES (1);\n"
                        "INSERT INTO script_a VALUES (2);"));
    EXPECT_EQ(must(tx->query("SELECT count(*) FROM script_a")).rows.at(0).get_int(0), 2);
    must(tx->commit());
  }
  EXPECT_EQ(count("script_a"), 2);
}

TEST_P(MigrationsTest, FailingScriptPoisonsAndLeavesNothing) {
  {
    auto tx = begin();
    Status ran = execute_script(*tx,
                                "CREATE TABLE script_b (x INTEGER);\n"
                                "CREATE TABLE script_b (x INTEGER);");
    ASSERT_FALSE(ran.ok());
    EXPECT_EQ(ran.error().code, ErrorCode::kInternal) << ran.error().message;
    EXPECT_FALSE(tx->query("SELECT 1").ok());
  }
  // DDL is transactional on both backends: the first CREATE was rolled back too.
  auto tx = begin(TxMode::kRead);
  EXPECT_FALSE(tx->query("SELECT count(*) FROM script_b").ok());
}

TEST_P(MigrationsTest, ScriptErrorsMapLikeQueries) {
  exec("INSERT INTO groups (name) VALUES ($1)", {std::string("Tapper")});
  auto tx = begin();
  Status ran = execute_script(*tx, "INSERT INTO groups (name) VALUES ('Tapper');");
  ASSERT_FALSE(ran.ok());
  EXPECT_EQ(ran.error().code, ErrorCode::kConflict) << ran.error().message;
}

// 0003_login_hardening gives every refresh token issued before it a family of its own.
TEST_P(MigrationsTest, RefreshTokensFromBefore0003AreTheirOwnFamily) {
  std::unique_ptr<Database> empty = must(open_database(empty_database_url()));
  const auto& list = backend() == Backend::kSqlite ? sqlite_migrations() : postgres_migrations();
  auto tx = must(empty->begin(TxMode::kWrite));
  for (const Migration& migration : list) {
    if (migration.version < 3) must(execute_script(*tx, migration.sql), migration.name);
  }
  must(tx->query("INSERT INTO users (username, date_joined_at_us) VALUES ('dora', 1)"));
  must(
      tx->query("INSERT INTO refresh_tokens (jti, user_id, expires_at_us, used_at_us, "
                "created_at_us) SELECT 'old', id, 3, 2, 1 FROM users"));
  for (const Migration& migration : list) {
    if (migration.version == 3) must(execute_script(*tx, migration.sql), migration.name);
  }
  const QueryResult rows = must(tx->query(
      "SELECT jti, family_jti, parent_jti, revoked_at_us, used_at_us FROM refresh_tokens"));
  ASSERT_EQ(rows.rows.size(), 1u);
  EXPECT_EQ(rows.rows[0].get_text(1), "old");
  EXPECT_FALSE(rows.rows[0].get_opt_int(3));
  EXPECT_EQ(rows.rows[0].get_int(4), 2);
  EXPECT_TRUE(rows.rows[0].is_null(2));
}

// 0005_stock_meals_clients: a product's old integer `stock` and the products that drew from it
// (master_stock_id -> a product) become a stock item with an opening mutation; `units` becomes
// thousandths; the catalogue version keeps moving on product changes (0004's triggers).
TEST_P(MigrationsTest, ProductsStockBefore0005BecomesStockItems) {
  std::unique_ptr<Database> empty = must(open_database(empty_database_url()));
  const auto& list = backend() == Backend::kSqlite ? sqlite_migrations() : postgres_migrations();
  auto tx = must(empty->begin(TxMode::kWrite));
  for (const Migration& migration : list) {
    if (migration.version < 5) must(execute_script(*tx, migration.sql), migration.name);
  }
  must(
      tx->query("INSERT INTO products (id, name, price_cents, units, stock) VALUES "
                "(1, 'Fust', 100, 1, 7), (2, 'Pitcher', 700, 6, NULL), (3, 'Cola', 100, 2, NULL)"));
  must(tx->query("UPDATE products SET master_stock_id = 1 WHERE id = 2"));
  for (const Migration& migration : list) {
    if (migration.version == 5) must(execute_script(*tx, migration.sql), migration.name);
  }
  const QueryResult products =
      must(tx->query("SELECT id, units_per_sale, stock_item_id, stock FROM products ORDER BY id"));
  ASSERT_EQ(products.rows.size(), 3u);
  EXPECT_EQ(products.rows[0].get_int(1), 1000);
  EXPECT_EQ(products.rows[0].get_opt_int(2), 1);
  EXPECT_TRUE(products.rows[0].is_null(3));
  EXPECT_EQ(products.rows[1].get_int(1), 6000);
  EXPECT_EQ(products.rows[1].get_opt_int(2), 1);
  EXPECT_EQ(products.rows[2].get_int(1), 2000);
  EXPECT_EQ(products.rows[2].get_opt_int(2), std::nullopt);
  const QueryResult stock =
      must(tx->query("SELECT s.id, s.name, s.unit, s.quantity, m.kind, m.quantity_delta FROM "
                     "stock_items s JOIN stock_mutations m ON m.stock_item_id = s.id"));
  ASSERT_EQ(stock.rows.size(), 1u);
  EXPECT_EQ(stock.rows[0].get_int(0), 1);
  EXPECT_EQ(stock.rows[0].get_text(1), "Fust");
  EXPECT_EQ(stock.rows[0].get_text(2), "units");
  EXPECT_EQ(stock.rows[0].get_int(3), 7000);
  EXPECT_EQ(stock.rows[0].get_text(4), "import");
  EXPECT_EQ(stock.rows[0].get_int(5), 7000);
  // New stock items continue after the ids taken, and product writes still bump the catalogue.
  EXPECT_EQ(must(tx->query("INSERT INTO stock_items (name, unit, created_at_us) VALUES "
                           "('Chips', 'bags', 1) RETURNING id"))
                .rows.at(0)
                .get_int(0),
            2);
  const std::int64_t version =
      must(tx->query("SELECT version FROM catalogue_version")).rows.at(0).get_int(0);
  must(tx->query("UPDATE products SET stock_item_id = 2 WHERE id = 3"));
  EXPECT_EQ(must(tx->query("SELECT version FROM catalogue_version")).rows.at(0).get_int(0),
            version + 1);
}

MAMON_INSTANTIATE_BACKEND_SUITE(MigrationsTest);

}  // namespace
}  // namespace mamon::storage
