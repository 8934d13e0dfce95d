// refresh_planner_statistics (import_repo.h): after it, the planner knows a table's rows, on every
// backend (SQLite's sqlite_stat1, PostgreSQL's pg_stats). loaddata calls it after an import.
#include <gtest/gtest.h>

#include "storage/import_repo.h"
#include "storage/storage_test_helpers.h"
#include "storage/users_repo.h"

namespace mamon::storage {
namespace {

class PlannerStatisticsTest : public BackendTest {
 protected:
  std::int64_t users_with_statistics() {
    auto tx = begin();
    const char* sql = backend() == Backend::kSqlite
                          ? "SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'users'"
                          : "SELECT COUNT(*) FROM pg_stats WHERE tablename = 'users' "
                            "AND schemaname = current_schema()";
    QueryResult r = must(tx->query(sql));
    return r.rows.at(0).get_int(0);
  }
};

TEST_P(PlannerStatisticsTest, RefreshingGivesThePlannerTheTablesRows) {
  auto tx = begin();
  for (int i = 0; i < 20; ++i) {
    NewUser user;
    user.username = "stats-" + std::to_string(i);
    must(insert_user(*tx, user));
  }
  must(tx->commit());
  if (backend() == Backend::kSqlite) {
    // SQLite has no statistics table before its first ANALYZE.
    auto check = begin();
    QueryResult r =
        must(check->query("SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"));
    if (r.rows.at(0).get_int(0) == 1) {
      EXPECT_EQ(users_with_statistics(), 0);
    }
  } else {
    EXPECT_EQ(users_with_statistics(), 0);
  }
  auto stats = begin();
  must(refresh_planner_statistics(*stats));
  must(stats->commit());
  EXPECT_GT(users_with_statistics(), 0);
}

MAMON_INSTANTIATE_BACKEND_SUITE(PlannerStatisticsTest);

}  // namespace
}  // namespace mamon::storage
