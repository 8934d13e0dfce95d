// Test-only (included by the service suites): a fresh database per test on each backend under
// test, a fake clock, builders for the people and products a use case needs, and a ledger check
// after every test (DESIGN.md §9: the invariants hold after every test).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "base/clock.h"
#include "domain/accounts.h"
#include "domain/permissions.h"
#include "service/ledger_check.h"
#include "service/users_service.h"
#include "service/wallet_upgrades_service.h"
#include "storage/database.h"
#include "storage/holders_repo.h"
#include "storage/ledger_repo.h"
#include "storage/products_repo.h"
#include "storage/table_counts.h"
#include "storage/users_repo.h"
#include "support/test_database.h"

namespace mamon::service::testing {

using mamon::testing::must;

// The error code of a failed Result, or a marker that makes EXPECT_EQ print "it succeeded".
template <typename T>
ErrorCode code_of(const Result<T>& result) {
  return result.ok() ? static_cast<ErrorCode>(-1) : result.error().code;
}

// 2026-11-23 21:00:00 UTC.
inline constexpr TimestampUs kStartUs = 1'795'460'400'000'000;

class ServiceTest : public ::testing::TestWithParam<storage::Backend> {
 protected:
  // Pool of 8: the concurrency tests run 8 threads, each holding a connection.
  ServiceTest() : test_db_(GetParam(), 8), clock_(kStartUs) {}

  void TearDown() override {
    auto violations = check_ledger(db());
    ASSERT_TRUE(violations.ok()) << violations.error().message;
    for (const InvariantViolation& v : *violations) {
      ADD_FAILURE() << v.invariant << ": " << v.detail;
    }
  }

  storage::Database& db() { return test_db_.db(); }

  // Runs `body(tx)` in a committed write transaction (test set-up through the repositories).
  template <typename Body>
  auto in_tx(Body&& body) {
    auto tx = must(db().begin(storage::TxMode::kWrite), "begin");
    auto result = body(*tx);
    must(tx->commit(), "commit");
    return result;
  }

  // A user with holder and wallet (no password: tests need no argon2), optionally active
  // personnel and groups. Returns the Caller as load_caller builds it.
  domain::Caller add_user(const std::string& username, bool personnel = false,
                          std::vector<std::string> groups = {}, bool superuser = false,
                          std::optional<std::int64_t> ledenbase_id = std::nullopt) {
    std::int64_t user_id = in_tx([&](storage::Transaction& tx) {
      storage::NewUser user;
      user.username = username;
      user.first_name = username;
      user.last_name = "Tester";
      user.is_superuser = superuser;
      user.date_joined_at_us = clock_.now_us();
      std::int64_t id = must(storage::insert_user(tx, user), "insert_user");
      std::int64_t account =
          must(storage::insert_account(tx, storage::AccountKind::kWallet,
                                       domain::wallet_account_name(id), clock_.now_us()),
               "insert_account");
      storage::NewHolder holder;
      holder.user_id = id;
      holder.account_id = account;
      holder.ledenbase_id = ledenbase_id;
      must(storage::insert_holder(tx, holder), "insert_holder");
      if (personnel) {
        storage::NewPersonnel p;
        p.user_id = id;
        p.nickname = username + "-nick";
        must(storage::insert_personnel(tx, p), "insert_personnel");
      }
      for (const std::string& group : groups) {
        std::int64_t group_id = must(storage::ensure_group(tx, group), "ensure_group");
        must(storage::add_user_to_group(tx, id, group_id), "add_user_to_group");
      }
      return id;
    });
    return must(load_caller(db(), user_id), "load_caller");
  }
  domain::Caller add_staff(const std::string& username) { return add_user(username, true); }
  domain::Caller add_member(const std::string& username) { return add_user(username); }

  std::int64_t add_product(const std::string& name, std::int64_t price_cents, bool active = true) {
    return in_tx([&](storage::Transaction& tx) {
      storage::NewProduct product;
      product.name = name;
      product.price = Cents(price_cents);
      product.active = active;
      return must(storage::insert_product(tx, product), "insert_product");
    });
  }

  // Tops up `holder_id` by cash through the service, handled by a staff member made for it.
  void fund(std::int64_t holder_id, std::int64_t cents) {
    if (!funder_) funder_ = add_staff("funder");
    WalletUpgradeRequest request;
    request.input.amount = Cents(cents);
    request.input.cash = true;
    request.holder_id = holder_id;
    must(record_wallet_upgrade(db(), clock_, *funder_, request), "fund");
  }

  Cents balance_of(std::int64_t holder_id) {
    return in_tx([&](storage::Transaction& tx) {
      return must(storage::find_holder_view(tx, holder_id), "find_holder_view").balance;
    });
  }

  storage::Account account(std::string_view name) {
    return in_tx([&](storage::Transaction& tx) {
      return must(storage::find_account_by_name(tx, name), "find_account_by_name");
    });
  }

  // From now on every insert into the audit log fails (a trigger), so a test can show that a
  // change and its audit row share one transaction: the change must roll back with it.
  void refuse_audit_entries() {
    in_tx([&](storage::Transaction& tx) {
      if (tx.backend() == storage::Backend::kSqlite) {
        must(
            tx.query("CREATE TRIGGER audit_refuses BEFORE INSERT ON audit_log "
                     "BEGIN SELECT RAISE(ABORT, 'no audit'); END"));
      } else {
        must(
            tx.query("CREATE FUNCTION audit_refuses() RETURNS trigger AS "
                     "'BEGIN RAISE EXCEPTION ''no audit''; END' LANGUAGE plpgsql"));
        must(
            tx.query("CREATE TRIGGER audit_refuses BEFORE INSERT ON audit_log "
                     "FOR EACH ROW EXECUTE FUNCTION audit_refuses()"));
      }
      return 0;
    });
  }

  storage::TableCounts counts() {
    return in_tx([&](storage::Transaction& tx) { return must(storage::count_tables(tx)); });
  }

  mamon::testing::TestDatabase test_db_;
  FakeClock clock_;
  std::optional<domain::Caller> funder_;
};

inline std::string backend_param_name(const ::testing::TestParamInfo<storage::Backend>& info) {
  return mamon::testing::backend_name(info.param);
}

}  // namespace mamon::service::testing

// Instantiates a ServiceTest-derived suite on every backend under test.
#define MAMON_SERVICE_SUITE(suite)                                                       \
  INSTANTIATE_TEST_SUITE_P(Backends, suite,                                              \
                           ::testing::ValuesIn(::mamon::testing::backends_under_test()), \
                           ::mamon::service::testing::backend_param_name)
