#include <gtest/gtest.h>

#include "storage/database.h"

namespace mamon::storage {
namespace {

TEST(DatabaseUrl, SqliteAbsolutePath) {
  Result<DatabaseUrl> url = parse_database_url("sqlite:////var/lib/mamon/mamon.sqlite3");
  ASSERT_TRUE(url.ok()) << url.error().message;
  EXPECT_EQ(url->backend, Backend::kSqlite);
  EXPECT_EQ(url->sqlite_path, "/var/lib/mamon/mamon.sqlite3");
  EXPECT_EQ(url->postgres_conninfo, "");
}

TEST(DatabaseUrl, SqliteRelativePath) {
  Result<DatabaseUrl> url = parse_database_url("sqlite:///var/mamon.sqlite3");
  ASSERT_TRUE(url.ok()) << url.error().message;
  EXPECT_EQ(url->backend, Backend::kSqlite);
  EXPECT_EQ(url->sqlite_path, "var/mamon.sqlite3");
}

TEST(DatabaseUrl, SqliteInMemory) {
  Result<DatabaseUrl> url = parse_database_url("sqlite://:memory:");
  ASSERT_TRUE(url.ok()) << url.error().message;
  EXPECT_EQ(url->backend, Backend::kSqlite);
  EXPECT_EQ(url->sqlite_path, ":memory:");
}

TEST(DatabaseUrl, Postgres) {
  Result<DatabaseUrl> url = parse_database_url("postgres://user:pw@db.example:5432/mamon");
  ASSERT_TRUE(url.ok()) << url.error().message;
  EXPECT_EQ(url->backend, Backend::kPostgres);
  EXPECT_EQ(url->postgres_conninfo, "postgresql://user:pw@db.example:5432/mamon");
  EXPECT_EQ(url->sqlite_path, "");
}

TEST(DatabaseUrl, PostgresqlSchemeAndQueryParameters) {
  Result<DatabaseUrl> url =
      parse_database_url("postgresql://mamon@127.0.0.1/mamon?sslmode=disable&connect_timeout=3");
  ASSERT_TRUE(url.ok()) << url.error().message;
  EXPECT_EQ(url->backend, Backend::kPostgres);
  EXPECT_EQ(url->postgres_conninfo,
            "postgresql://mamon@127.0.0.1/mamon?sslmode=disable&connect_timeout=3");
}

TEST(DatabaseUrl, SchemeIsCaseInsensitive) {
  EXPECT_EQ(parse_database_url("SQLite:///x.sqlite3")->backend, Backend::kSqlite);
  EXPECT_EQ(parse_database_url("Postgres://h/db")->backend, Backend::kPostgres);
}

void expect_invalid(std::string_view text) {
  Result<DatabaseUrl> url = parse_database_url(text);
  ASSERT_FALSE(url.ok()) << text;
  EXPECT_EQ(url.error().code, ErrorCode::kInvalidInput) << text;
  EXPECT_EQ(url.error().field, "DATABASE_URL");
}

TEST(DatabaseUrl, RejectsEmptyAndBadSchemes) {
  expect_invalid("");
  expect_invalid("mamon.sqlite3");
  expect_invalid("://x");
  expect_invalid("mysql://user@host/db");
  expect_invalid("sqlite:/x.sqlite3");
  expect_invalid("sqlite://");
  expect_invalid("sqlite:///");
  expect_invalid("sqlite:////");
  expect_invalid("sqlite://var/mamon.sqlite3");  // a host part: ambiguous, refused
  expect_invalid("postgres://");
}

TEST(DatabaseUrl, RejectsWhatLibpqRejects) {
  expect_invalid("postgres://host/db?no_such_option=1");
  expect_invalid("postgres://host/d%zzb");  // bad percent-encoding
  expect_invalid("postgres://[::1/db");     // unterminated IPv6 address
}

TEST(DatabaseUrl, ErrorsNeverEchoThePassword) {
  Result<DatabaseUrl> url = parse_database_url("mysql://user:s3cret@host/db");
  ASSERT_FALSE(url.ok());
  EXPECT_EQ(url.error().message.find("s3cret"), std::string::npos) << url.error().message;
  Result<DatabaseUrl> pg = parse_database_url("postgres://user:s3cret@host/db?bogus=1");
  ASSERT_FALSE(pg.ok());
  EXPECT_EQ(pg.error().message.find("s3cret"), std::string::npos) << pg.error().message;
}

TEST(OpenDatabase, ValidatesOptions) {
  DatabaseOptions options;
  options.pool_size = 0;
  Result<std::unique_ptr<Database>> db = open_database("sqlite://:memory:", options);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code, ErrorCode::kInvalidInput);
  options.pool_size = 1000;
  EXPECT_EQ(open_database("sqlite://:memory:", options).error().code, ErrorCode::kInvalidInput);
  options.pool_size = 1;
  options.pool_wait_ms = -1;
  EXPECT_EQ(open_database("sqlite://:memory:", options).error().code, ErrorCode::kInvalidInput);
}

TEST(OpenDatabase, BadUrlIsInvalidInput) {
  EXPECT_EQ(open_database("oracle://x/y").error().code, ErrorCode::kInvalidInput);
}

TEST(OpenDatabase, UnopenableSqliteFileIsUnavailable) {
  Result<std::unique_ptr<Database>> db = open_database("sqlite:////nonexistent-dir/x/y.sqlite3");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code, ErrorCode::kUnavailable);
}

TEST(OpenDatabase, UnreachablePostgresIsUnavailable) {
  // Port 1 on loopback: nothing listens, the connection is refused at once.
  Result<std::unique_ptr<Database>> db = open_database("postgres://nobody@127.0.0.1:1/none");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code, ErrorCode::kUnavailable);
}

TEST(OpenDatabase, SqliteInMemoryWorksWithOneConnection) {
  DatabaseOptions options;
  options.pool_size = 8;
  Result<std::unique_ptr<Database>> db = open_database("sqlite://:memory:", options);
  ASSERT_TRUE(db.ok()) << db.error().message;
  EXPECT_EQ((*db)->backend(), Backend::kSqlite);
  EXPECT_EQ((*db)->pool_stats().size_max, 1);  // each :memory: connection is its own database
  {
    auto tx = (*db)->begin(TxMode::kWrite);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*tx)->query("CREATE TABLE t (x INTEGER)").ok());
    ASSERT_TRUE((*tx)->query("INSERT INTO t VALUES ($1)", {std::int64_t{7}}).ok());
    ASSERT_TRUE((*tx)->commit().ok());
  }
  auto tx = (*db)->begin(TxMode::kRead);
  ASSERT_TRUE(tx.ok());
  auto rows = (*tx)->query("SELECT x FROM t");
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->rows.size(), 1u);
  EXPECT_EQ(rows->rows[0].get_int(0), 7);
}

TEST(Row, Accessors) {
  Row row({std::monostate{}, std::int64_t{42}, std::string("t"), std::string("-17"),
           std::string("f"), std::int64_t{1}});
  EXPECT_EQ(row.size(), 6u);
  EXPECT_TRUE(row.is_null(0));
  EXPECT_FALSE(row.is_null(1));
  EXPECT_EQ(row.get_opt_int(0), std::nullopt);
  EXPECT_EQ(row.get_opt_text(0), std::nullopt);
  EXPECT_EQ(row.get_int(1), 42);
  EXPECT_EQ(row.get_text(1), "42");
  EXPECT_TRUE(row.get_bool(2));
  EXPECT_EQ(row.get_int(3), -17);
  EXPECT_EQ(row.get_opt_int(3), -17);
  EXPECT_FALSE(row.get_bool(4));
  EXPECT_TRUE(row.get_bool(5));
  EXPECT_EQ(row.get_opt_text(2), "t");
}

TEST(RowDeathTest, MisuseIsAProgrammerError) {
  Row row({std::monostate{}, std::string("12abc"), std::string("yes")});
  EXPECT_DEATH((void)row.get_int(0), "NULL");
  EXPECT_DEATH((void)row.get_text(0), "NULL");
  EXPECT_DEATH((void)row.get_int(1), "non-integer");
  EXPECT_DEATH((void)row.get_bool(2), "not a boolean");
  EXPECT_DEATH((void)row.get_int(3), "CHECK failed");
}

}  // namespace
}  // namespace mamon::storage
