// Migration 0008_line_ledger_account: order lines sold before it take today's ledger account of
// their product ('' for none); lines written after it keep what they were given.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "storage/migrations.h"
#include "storage/script.h"
#include "storage/storage_test_helpers.h"

namespace mamon::storage {
namespace {

class LineLedgerAccountMigrationTest : public BackendTest {
 protected:
  // An empty database on the same backend: a new SQLite file or a new PostgreSQL schema.
  std::string empty_database_url() {
    if (backend() == Backend::kSqlite) {
      std::string dir = std::filesystem::temp_directory_path() / "mamon-0008-XXXXXX";
      if (mkdtemp(dir.data()) == nullptr) std::abort();
      cleanup_dir_ = dir;
      return "sqlite:///" + dir + "/empty.sqlite3";
    }
    exec("CREATE SCHEMA migration_0008");
    return url() + (url().find('?') == std::string::npos ? "?" : "&") +
           "options=-csearch_path%3Dmigration_0008";
  }

  ~LineLedgerAccountMigrationTest() override {
    if (!cleanup_dir_.empty()) std::filesystem::remove_all(cleanup_dir_);
  }

 private:
  std::string cleanup_dir_;
};

TEST_P(LineLedgerAccountMigrationTest, OldLinesTakeTheirProductsAccount) {
  std::unique_ptr<Database> empty = must(open_database(empty_database_url()));
  const auto& list = backend() == Backend::kSqlite ? sqlite_migrations() : postgres_migrations();
  auto tx = must(empty->begin(TxMode::kWrite));
  for (const Migration& migration : list) {
    if (migration.version < 8) must(execute_script(*tx, migration.sql), migration.name);
  }
  must(tx->query("INSERT INTO users (id, username, date_joined_at_us) VALUES (1, 'tapper', 1)"));
  must(tx->query("INSERT INTO personnel (id, user_id) VALUES (1, 1)"));
  must(
      tx->query("INSERT INTO products (id, name, price_cents, grootboek_waarde) VALUES "
                "(1, 'Beer', 250, '8000 Bier'), (2, 'Chips', 150, NULL)"));
  must(
      tx->query("INSERT INTO purchases (id, seller_personnel_id, method, total_cents, "
                "created_at_us) VALUES (1, 1, 'cash', 650, 1)"));
  must(
      tx->query("INSERT INTO order_lines (purchase_id, product_id, quantity, unit_price_cents) "
                "VALUES (1, 1, 2, 250), (1, 2, 1, 150)"));
  for (const Migration& migration : list) {
    if (migration.version == 8) must(execute_script(*tx, migration.sql), migration.name);
  }
  const QueryResult lines =
      must(tx->query("SELECT product_id, ledger_account FROM order_lines ORDER BY product_id"));
  ASSERT_EQ(lines.rows.size(), 2u);
  EXPECT_EQ(lines.rows[0].get_text(1), "8000 Bier");
  EXPECT_EQ(lines.rows[1].get_text(1), "");
  // A line written afterwards keeps its own snapshot when the product changes.
  must(
      tx->query("INSERT INTO order_lines (purchase_id, product_id, quantity, unit_price_cents, "
                "ledger_account) VALUES (1, 1, 1, 250, '8000 Bier')"));
  must(tx->query("UPDATE products SET grootboek_waarde = '9000' WHERE id = 1"));
  EXPECT_EQ(must(tx->query("SELECT COUNT(*) FROM order_lines WHERE ledger_account = '8000 Bier'"))
                .rows.at(0)
                .get_int(0),
            2);
}

MAMON_INSTANTIATE_BACKEND_SUITE(LineLedgerAccountMigrationTest);

}  // namespace
}  // namespace mamon::storage
