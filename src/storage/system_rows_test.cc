#include "storage/system_rows.h"

#include <gtest/gtest.h>

#include "domain/accounts.h"
#include "storage/holders_repo.h"
#include "storage/ledger_repo.h"
#include "storage/storage_test_helpers.h"
#include "storage/table_counts.h"
#include "storage/users_repo.h"

namespace mamon::storage {
namespace {

class SystemRowsTest : public BackendTest {};

// TestDatabase ran ensure_system_rows once already; running it again changes nothing.
TEST_P(SystemRowsTest, CreatesAccountsAndSystemHoldersIdempotently) {
  auto tx = begin();
  const TableCounts before = must(count_tables(*tx));
  must(ensure_system_rows(*tx, 42));
  EXPECT_EQ(must(count_tables(*tx)), before);
  EXPECT_EQ(before.accounts, static_cast<std::int64_t>(domain::kSystemAccounts.size()) + 2);
  EXPECT_EQ(before.users, 2);
  EXPECT_EQ(before.holders, 2);

  for (std::string_view name : domain::kSystemAccounts) {
    Account account = must(find_account_by_name(*tx, name));
    EXPECT_FALSE(account.is_wallet()) << name;
    EXPECT_EQ(account.balance(), Cents(0)) << name;
  }
  for (std::string_view username : {domain::kSystemUserCash, domain::kSystemUserPin}) {
    domain::User user = must(find_user_by_username(*tx, username));
    EXPECT_TRUE(user.is_system) << username;
    EXPECT_FALSE(user.is_active) << username;
    EXPECT_EQ(user.password_hash, "") << username;
    domain::Holder holder = must(find_holder_by_user(*tx, user.id));
    Account wallet = must(find_account(*tx, holder.account_id));
    EXPECT_TRUE(wallet.is_wallet());
    EXPECT_EQ(wallet.name, domain::wallet_account_name(user.id));
  }
  must(tx->commit());
}

// A database where some rows are missing (a partial import, a hand-made fix): only those are
// added, the rest is left as it was.
TEST_P(SystemRowsTest, CompletesWhatIsMissing) {
  std::int64_t pin_user = 0;
  {
    auto tx = begin();
    pin_user = must(find_user_by_username(*tx, domain::kSystemUserPin)).id;
  }
  exec("DELETE FROM holders WHERE user_id = $1", {pin_user});
  exec("DELETE FROM accounts WHERE name = $1", {domain::wallet_account_name(pin_user)});
  exec("DELETE FROM accounts WHERE name = 'legacy_unknown'");

  auto tx = begin();
  must(ensure_system_rows(*tx, 42));
  const TableCounts after = must(count_tables(*tx));
  EXPECT_EQ(after.users, 2);
  EXPECT_EQ(after.holders, 2);
  EXPECT_EQ(after.accounts, static_cast<std::int64_t>(domain::kSystemAccounts.size()) + 2);
  EXPECT_EQ(must(find_holder_by_user(*tx, pin_user)).user_id, pin_user);
  must(find_account_by_name(*tx, domain::kAccountLegacyUnknown));
  must(tx->commit());
}

MAMON_INSTANTIATE_BACKEND_SUITE(SystemRowsTest);

}  // namespace
}  // namespace mamon::storage
