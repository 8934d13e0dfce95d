// storage/sqlite_backup.h: a backup is the database at one commit (an open writer's rows are not
// in it), never overwrites, and restore never writes over tables. SQLite only (PostgreSQL is
// pg_dump's). The CLI's black-box tests (tests/cli/backup_test.py) cover the commands.
#include "storage/sqlite_backup.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "storage/database.h"
#include "storage/migrations.h"

namespace mamon::storage {
namespace {

class SqliteBackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/mamon-backup-test.XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    path_ = dir_ + "/mamon.sqlite3";
    auto db = open_database("sqlite:///" + path_);
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    ASSERT_TRUE(migrate(*db_).ok());
    exec("CREATE TABLE t (x INTEGER)");
    exec("INSERT INTO t (x) VALUES (1)");
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  void exec(std::string_view sql) {
    auto tx = db_->begin(TxMode::kWrite);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*tx)->query(sql).ok()) << sql;
    ASSERT_TRUE((*tx)->commit().ok());
  }

  // The rows of t in the database file at `path`.
  static std::int64_t rows_in(const std::string& path) {
    auto db = open_database("sqlite:///" + path);
    EXPECT_TRUE(db.ok());
    auto tx = (*db)->begin(TxMode::kRead);
    auto result = (*tx)->query("SELECT count(*) FROM t");
    EXPECT_TRUE(result.ok());
    return result->rows.at(0).get_int(0);
  }

  std::string dir_;
  std::string path_;
  std::unique_ptr<Database> db_;
};

TEST_F(SqliteBackupTest, CopiesTheCommittedStateWhileAWriterIsOpen) {
  // A writer in the middle of its transaction: its row is not committed, so not in the backup.
  auto writer = db_->begin(TxMode::kWrite);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->query("INSERT INTO t (x) VALUES (2)").ok());
  const std::string backup = dir_ + "/backup.sqlite3";
  Status made = backup_sqlite_database(path_, backup);
  ASSERT_TRUE(made.ok()) << made.error().message;
  ASSERT_TRUE((*writer)->commit().ok());  // the writer was never blocked

  EXPECT_FALSE(std::filesystem::exists(backup + "-wal"));
  Result<SqliteBackupFacts> facts = inspect_sqlite_backup(backup);
  ASSERT_TRUE(facts.ok()) << facts.error().message;
  EXPECT_EQ(facts->schema_version, sqlite_migrations().back().version);
  EXPECT_EQ(rows_in(backup), 1);
  EXPECT_EQ(rows_in(path_), 2);
}

TEST_F(SqliteBackupTest, NeverOverwritesABackup) {
  const std::string backup = dir_ + "/backup.sqlite3";
  std::ofstream(backup) << "precious";
  Status made = backup_sqlite_database(path_, backup);
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.error().code, ErrorCode::kConflict);
  std::ifstream in(backup);
  std::string content;
  in >> content;
  EXPECT_EQ(content, "precious");
}

TEST_F(SqliteBackupTest, InspectTellsWhatIsNotAMamonBackup) {
  EXPECT_EQ(inspect_sqlite_backup(dir_ + "/missing").error().code, ErrorCode::kNotFound);
  const std::string text = dir_ + "/text";
  std::ofstream(text) << std::string(8192, 'x');
  EXPECT_EQ(inspect_sqlite_backup(text).error().code, ErrorCode::kInvalidInput);
}

TEST_F(SqliteBackupTest, RestoreFillsAnEmptyTargetAndRefusesOneWithTables) {
  const std::string backup = dir_ + "/backup.sqlite3";
  ASSERT_TRUE(backup_sqlite_database(path_, backup).ok());
  const std::string target = dir_ + "/target.sqlite3";
  EXPECT_TRUE(*sqlite_database_is_empty(target));
  Status restored = restore_sqlite_database(backup, target);
  ASSERT_TRUE(restored.ok()) << restored.error().message;
  EXPECT_FALSE(*sqlite_database_is_empty(target));
  EXPECT_EQ(rows_in(target), 1);
  // Again onto the now full target: refused, nothing changed.
  Status again = restore_sqlite_database(backup, path_);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(rows_in(path_), 1);
}

}  // namespace
}  // namespace mamon::storage
