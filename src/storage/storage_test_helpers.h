// Helpers shared by the storage layer's backend-parameterised tests (not part of the library).
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "storage/database.h"
#include "support/test_database.h"

namespace mamon::storage {

using mamon::testing::must;

// prefix + n. (Not `"g" + std::to_string(n)`: GCC 12 at -O3 reports a false -Wrestrict there.)
inline std::string numbered(std::string prefix, std::int64_t n) {
  prefix += std::to_string(n);
  return prefix;
}

// A suite run once per backend under test, each test on a fresh migrated database.
class BackendTest : public ::testing::TestWithParam<Backend> {
 protected:
  explicit BackendTest(int pool_size = 4) : test_db_(GetParam(), pool_size) {}

  Database& db() { return test_db_.db(); }
  const std::string& url() const { return test_db_.url(); }
  Backend backend() const { return GetParam(); }

  std::unique_ptr<Transaction> begin(TxMode mode = TxMode::kWrite) {
    return must(db().begin(mode), "begin");
  }

  // Runs one statement in its own committed write transaction.
  QueryResult exec(std::string_view sql, std::initializer_list<Param> params = {}) {
    auto tx = begin();
    QueryResult result = must(tx->query(sql, params), std::string(sql).c_str());
    must(tx->commit(), "commit");
    return result;
  }

  // Migration 0006 seeds the default groups; tests that use `groups` as a scratch table start
  // from an empty one (their grants go with them: ON DELETE CASCADE).
  void empty_groups_table() { exec("DELETE FROM groups"); }

  std::int64_t count(std::string_view table) {
    auto tx = begin(TxMode::kRead);
    return must(tx->query("SELECT count(*) FROM " + std::string(table))).rows.at(0).get_int(0);
  }

 private:
  mamon::testing::TestDatabase test_db_;
};

inline std::string backend_test_name(const ::testing::TestParamInfo<Backend>& info) {
  return mamon::testing::backend_name(info.param);
}

#define MAMON_INSTANTIATE_BACKEND_SUITE(suite)                                           \
  INSTANTIATE_TEST_SUITE_P(Backends, suite,                                              \
                           ::testing::ValuesIn(::mamon::testing::backends_under_test()), \
                           ::mamon::storage::backend_test_name)

}  // namespace mamon::storage
