// The Database/Transaction contract of database.h, run on every backend under test against the
// real schema.
#include "storage/database.h"

#include <gtest/gtest.h>

#include <limits>

#include "storage/storage_test_helpers.h"

namespace mamon::storage {
namespace {

constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kInt64Min = std::numeric_limits<std::int64_t>::min();

constexpr std::string_view kInsertProduct =
    "INSERT INTO products (name, price_cents, active, stock, grootboek_waarde)"
    " VALUES ($1, $2, $3, $4, $5) RETURNING id";
constexpr std::string_view kSelectProduct =
    "SELECT name, price_cents, active, stock, grootboek_waarde FROM products WHERE id = $1";

class DatabaseTest : public BackendTest {
 protected:
  void SetUp() override { empty_groups_table(); }
};

TEST_P(DatabaseTest, ReportsItsBackend) {
  EXPECT_EQ(db().backend(), backend());
  EXPECT_EQ(begin()->backend(), backend());
}

TEST_P(DatabaseTest, RoundTripsEveryParamType) {
  const std::string utf8 = "Bière «spéciale» 🍺 Ölçü";
  auto tx = begin();
  const std::int64_t id1 =
      must(tx->query(kInsertProduct, {utf8, kInt64Max, true, kInt64Min, nullptr}))
          .rows.at(0)
          .get_int(0);
  const std::int64_t id2 = must(tx->query(kInsertProduct, {std::string("Cola"), std::int64_t{0},
                                                           false, nullptr, std::string()}))
                               .rows.at(0)
                               .get_int(0);
  must(tx->commit());

  auto read = begin(TxMode::kRead);
  const QueryResult first = must(read->query(kSelectProduct, {id1}));
  ASSERT_EQ(first.rows.size(), 1u);
  const Row& a = first.rows[0];
  EXPECT_EQ(a.size(), 5u);
  EXPECT_EQ(a.get_text(0), utf8);
  EXPECT_EQ(a.get_int(1), kInt64Max);
  EXPECT_TRUE(a.get_bool(2));
  EXPECT_EQ(a.get_int(3), kInt64Min);
  EXPECT_TRUE(a.is_null(4));
  EXPECT_EQ(a.get_opt_text(4), std::nullopt);

  const Row b = must(read->query(kSelectProduct, {id2})).rows.at(0);
  EXPECT_EQ(b.get_text(0), "Cola");
  EXPECT_EQ(b.get_int(1), 0);
  EXPECT_FALSE(b.get_bool(2));
  EXPECT_EQ(b.get_opt_int(3), std::nullopt);
  EXPECT_FALSE(b.is_null(4));  // '' is not NULL
  EXPECT_EQ(b.get_opt_text(4), "");
}

TEST_P(DatabaseTest, BoolParamsCompareWithBooleanColumns) {
  exec(kInsertProduct, {std::string("On"), std::int64_t{1}, true, nullptr, nullptr});
  exec(kInsertProduct, {std::string("Off"), std::int64_t{1}, false, nullptr, nullptr});
  auto tx = begin(TxMode::kRead);
  const QueryResult active =
      must(tx->query("SELECT name FROM products WHERE active = $1", {false}));
  ASSERT_EQ(active.rows.size(), 1u);
  EXPECT_EQ(active.rows[0].get_text(0), "Off");
}

TEST_P(DatabaseTest, ParametersMayRepeatAndAppearOutOfOrder) {
  exec("INSERT INTO groups (name) VALUES ($1)", {std::string("Tapper")});
  auto tx = begin(TxMode::kRead);
  const QueryResult result =
      must(tx->query("SELECT count(*) FROM groups WHERE name = $2 OR (name = $1 AND $1 = $2)",
                     {std::string("Bestuur"), std::string("Tapper")}));
  EXPECT_EQ(result.rows.at(0).get_int(0), 1);
}

TEST_P(DatabaseTest, ReturningAndAffectedRows) {
  auto tx = begin();
  const QueryResult inserted = must(tx->query(
      "INSERT INTO groups (name) VALUES ($1) RETURNING id, name", {std::string("Bestuur")}));
  ASSERT_EQ(inserted.rows.size(), 1u);
  EXPECT_GT(inserted.rows[0].get_int(0), 0);
  EXPECT_EQ(inserted.rows[0].get_text(1), "Bestuur");
  EXPECT_EQ(inserted.affected_rows, 1);

  for (const char* name : {"Tapper", "Bezoekers"}) {
    EXPECT_EQ(
        must(tx->query("INSERT INTO groups (name) VALUES ($1)", {std::string(name)})).affected_rows,
        1);
  }
  const QueryResult updated =
      must(tx->query("UPDATE groups SET name = name || $1", {std::string("!")}));
  EXPECT_EQ(updated.affected_rows, 3);
  EXPECT_TRUE(updated.rows.empty());
  const QueryResult selected = must(tx->query("SELECT name FROM groups ORDER BY name"));
  EXPECT_EQ(selected.rows.size(), 3u);
  EXPECT_EQ(selected.affected_rows, 0);  // a SELECT changes nothing
  EXPECT_EQ(
      must(tx->query("DELETE FROM groups WHERE name = $1", {std::string("nope")})).affected_rows,
      0);
  EXPECT_EQ(must(tx->query("DELETE FROM groups")).affected_rows, 3);
  must(tx->commit());
}

TEST_P(DatabaseTest, DestroyingWithoutCommitRollsBack) {
  {
    auto tx = begin();
    must(tx->query("INSERT INTO groups (name) VALUES ($1)", {std::string("Gone")}));
  }
  EXPECT_EQ(count("groups"), 0);
  EXPECT_EQ(db().pool_stats().in_use, 0);
}

TEST_P(DatabaseTest, CommitIsVisibleToLaterTransactions) {
  auto tx = begin();
  must(tx->query("INSERT INTO groups (name) VALUES ($1)", {std::string("Kept")}));
  EXPECT_TRUE(tx->commit().ok());
  tx.reset();
  EXPECT_EQ(count("groups"), 1);
}

TEST_P(DatabaseTest, ReadTransactionSeesCommittedRows) {
  exec("INSERT INTO groups (name) VALUES ($1)", {std::string("Tapper")});
  auto tx = begin(TxMode::kRead);
  const QueryResult result = must(tx->query("SELECT name FROM groups"));
  ASSERT_EQ(result.rows.size(), 1u);
  EXPECT_EQ(result.rows[0].get_text(0), "Tapper");
  EXPECT_TRUE(tx->commit().ok());
}

Error query_error(Transaction& tx, std::string_view sql, std::initializer_list<Param> params) {
  Result<QueryResult> result = tx.query(sql, params);
  EXPECT_FALSE(result.ok()) << sql;
  return result.ok() ? make_error(ErrorCode::kInternal, "unexpected success") : result.error();
}

TEST_P(DatabaseTest, UniqueViolationIsConflictNamingTheConstraint) {
  exec("INSERT INTO groups (name) VALUES ($1)", {std::string("Tapper")});
  auto tx = begin();
  const Error error =
      query_error(*tx, "INSERT INTO groups (name) VALUES ($1)", {std::string("Tapper")});
  EXPECT_EQ(error.code, ErrorCode::kConflict) << error.message;
  EXPECT_NE(error.message.find("name"), std::string::npos) << error.message;
}

TEST_P(DatabaseTest, DuplicatePrimaryKeyIsConflict) {
  exec("INSERT INTO groups (id, name) VALUES ($1, $2)", {std::int64_t{5}, std::string("A")});
  auto tx = begin();
  const Error error = query_error(*tx, "INSERT INTO groups (id, name) VALUES ($1, $2)",
                                  {std::int64_t{5}, std::string("B")});
  EXPECT_EQ(error.code, ErrorCode::kConflict) << error.message;
}

TEST_P(DatabaseTest, CheckViolationIsInvalidInput) {
  auto tx = begin();
  const Error error = query_error(
      *tx, kInsertProduct, {std::string("Negative"), std::int64_t{-1}, true, nullptr, nullptr});
  EXPECT_EQ(error.code, ErrorCode::kInvalidInput) << error.message;
}

TEST_P(DatabaseTest, NotNullViolationIsInvalidInput) {
  auto tx = begin();
  const Error error = query_error(*tx, "INSERT INTO groups (name) VALUES ($1)", {nullptr});
  EXPECT_EQ(error.code, ErrorCode::kInvalidInput) << error.message;
}

TEST_P(DatabaseTest, ForeignKeyViolationIsInvalidInput) {
  const std::int64_t group =
      exec("INSERT INTO groups (name) VALUES ($1) RETURNING id", {std::string("Tapper")})
          .rows.at(0)
          .get_int(0);
  auto tx = begin();
  const Error error =
      query_error(*tx, "INSERT INTO user_groups (user_id, group_id) VALUES ($1, $2)",
                  {std::int64_t{987654}, group});
  EXPECT_EQ(error.code, ErrorCode::kInvalidInput) << error.message;
}

TEST_P(DatabaseTest, SqlErrorIsInternalAndPoisonsTheTransaction) {
  {
    auto tx = begin();
    must(tx->query("INSERT INTO groups (name) VALUES ($1)", {std::string("Before")}));
    const Error error = query_error(*tx, "SELEC 1", {});
    EXPECT_EQ(error.code, ErrorCode::kInternal) << error.message;
    // Poisoned: even a valid statement and commit() now fail.
    Result<QueryResult> after = tx->query("SELECT 1");
    ASSERT_FALSE(after.ok());
    EXPECT_EQ(after.error().code, ErrorCode::kInternal);
    EXPECT_NE(after.error().message.find("earlier error"), std::string::npos);
    EXPECT_FALSE(tx->commit().ok());
  }
  EXPECT_EQ(count("groups"), 0);  // the insert before the error was rolled back
  EXPECT_EQ(db().pool_stats().in_use, 0);
}

TEST_P(DatabaseTest, ConstraintErrorAlsoPoisons) {
  auto tx = begin();
  (void)query_error(*tx, "INSERT INTO groups (name) VALUES ($1)", {nullptr});
  EXPECT_FALSE(tx->query("SELECT 1").ok());
}

TEST_P(DatabaseTest, UnknownColumnIsInternal) {
  auto tx = begin(TxMode::kRead);
  EXPECT_EQ(query_error(*tx, "SELECT no_such_column FROM groups", {}).code, ErrorCode::kInternal);
}

TEST_P(DatabaseTest, WrongParameterCountIsInternal) {
  {
    auto tx = begin();
    EXPECT_EQ(query_error(*tx, "INSERT INTO groups (name) VALUES ($1)", {}).code,
              ErrorCode::kInternal);
  }
  {
    auto tx = begin();
    EXPECT_EQ(query_error(*tx, "INSERT INTO groups (name) VALUES ($1)",
                          {std::string("a"), std::string("b")})
                  .code,
              ErrorCode::kInternal);
  }
}

TEST_P(DatabaseTest, SeveralStatementsInOneQueryAreRefused) {
  auto tx = begin();
  const Error error =
      query_error(*tx, "INSERT INTO groups (name) VALUES ('a'); DELETE FROM groups", {});
  EXPECT_EQ(error.code, ErrorCode::kInternal) << error.message;
}

TEST_P(DatabaseTest, TextWithNulByteIsInvalidInput) {
  auto tx = begin();
  const Error error =
      query_error(*tx, "INSERT INTO groups (name) VALUES ($1)", {std::string("a\0b", 3)});
  EXPECT_EQ(error.code, ErrorCode::kInvalidInput) << error.message;
}

TEST_P(DatabaseTest, ReusingTheSameSqlTextManyTimesUsesTheCache) {
  constexpr int kRows = 300;
  auto tx = begin();
  for (int i = 0; i < kRows; ++i) {
    must(tx->query("INSERT INTO groups (name) VALUES ($1)", {numbered("g", i)}));
  }
  for (int i = 0; i < kRows; i += 37) {
    const QueryResult found =
        must(tx->query("SELECT name FROM groups WHERE name = $1", {numbered("g", i)}));
    ASSERT_EQ(found.rows.size(), 1u);
  }
  must(tx->commit());
  EXPECT_EQ(count("groups"), kRows);
  // And again on the pooled connection in later transactions.
  for (int round = 0; round < 5; ++round) {
    auto again = begin(TxMode::kRead);
    EXPECT_EQ(must(again->query("SELECT name FROM groups WHERE name = $1", {std::string("g0")}))
                  .rows.size(),
              1u);
  }
}

TEST_P(DatabaseTest, FailedPrepareDoesNotBreakTheConnection) {
  for (int i = 0; i < 3; ++i) {
    auto tx = begin();
    (void)query_error(*tx, "SELECT * FROM no_such_table", {});
  }
  exec("INSERT INTO groups (name) VALUES ($1)", {std::string("Fine")});
  EXPECT_EQ(count("groups"), 1);
}

TEST_P(DatabaseTest, ManyDistinctStatementsOverflowTheCacheSafely) {
  // More distinct SQL texts than the per-connection cache holds: the cache empties and refills.
  auto tx = begin(TxMode::kRead);
  for (int i = 0; i < 600; ++i) {
    const std::string sql = numbered("SELECT ", i) + " + $1";
    EXPECT_EQ(must(tx->query(sql, {std::int64_t{1}})).rows.at(0).get_int(0), i + 1);
  }
}

TEST_P(DatabaseTest, CommitTwiceIsAProgrammerError) {
  auto tx = begin();
  must(tx->commit());
  EXPECT_DEATH((void)tx->commit(), "after commit");
}

TEST_P(DatabaseTest, SqliteRefusesFloatingPointValues) {
  if (backend() != Backend::kSqlite) GTEST_SKIP() << "PostgreSQL returns numbers as text";
  auto tx = begin(TxMode::kRead);
  EXPECT_EQ(query_error(*tx, "SELECT 1.5", {}).code, ErrorCode::kInternal);
}

MAMON_INSTANTIATE_BACKEND_SUITE(DatabaseTest);

}  // namespace
}  // namespace mamon::storage
