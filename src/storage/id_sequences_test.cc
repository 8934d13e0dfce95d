#include "storage/id_sequences.h"

#include <gtest/gtest.h>

#include "storage/storage_test_helpers.h"

namespace mamon::storage {
namespace {

class IdSequencesTest : public BackendTest {
 protected:
  std::int64_t insert_group(const std::string& name) {
    return exec("INSERT INTO groups (name) VALUES ($1) RETURNING id", {name}).rows.at(0).get_int(0);
  }

  void reset() {
    auto tx = begin();
    must(reset_id_sequences(*tx), "reset_id_sequences");
    must(tx->commit());
  }
};

TEST_P(IdSequencesTest, NextIdFollowsExplicitlyInsertedIds) {
  exec("INSERT INTO groups (id, name) VALUES ($1, $2)", {std::int64_t{100}, std::string("Old")});
  reset();
  EXPECT_EQ(insert_group("New"), 101);
}

TEST_P(IdSequencesTest, EmptyTableStartsAtOne) {
  reset();
  const std::int64_t id =
      exec("INSERT INTO categories (name) VALUES ($1) RETURNING id", {std::string("Bier")})
          .rows.at(0)
          .get_int(0);
  EXPECT_EQ(id, 1);
}

TEST_P(IdSequencesTest, IsIdempotentAndFollowsTheCurrentMaximum) {
  const std::int64_t first = insert_group("a");
  insert_group("b");
  const std::int64_t third = insert_group("c");
  exec("DELETE FROM groups WHERE id = $1", {third});
  reset();
  reset();
  EXPECT_EQ(insert_group("d"), first + 2);  // max is first + 1 now
}

TEST_P(IdSequencesTest, CoversEveryIdentityTable) {
  // Explicit ids in several tables, as the importer writes them.
  exec("INSERT INTO products (id, name, price_cents) VALUES ($1, $2, $3)",
       {std::int64_t{40}, std::string("Pils"), std::int64_t{250}});
  exec("INSERT INTO categories (id, name) VALUES ($1, $2)", {std::int64_t{7}, std::string("Bier")});
  reset();
  EXPECT_EQ(exec("INSERT INTO products (name, price_cents) VALUES ($1, $2) RETURNING id",
                 {std::string("Cola"), std::int64_t{200}})
                .rows.at(0)
                .get_int(0),
            41);
  EXPECT_EQ(exec("INSERT INTO categories (name) VALUES ($1) RETURNING id", {std::string("Fris")})
                .rows.at(0)
                .get_int(0),
            8);
}

MAMON_INSTANTIATE_BACKEND_SUITE(IdSequencesTest);

}  // namespace
}  // namespace mamon::storage
