#include "storage/ledger_repo.h"

#include <gtest/gtest.h>

#include "domain/accounts.h"
#include "storage/storage_test_helpers.h"

namespace mamon::storage {
namespace {

class LedgerRepoTest : public BackendTest {
 protected:
  NewTransfer transfer(const Account& debit, const Account& credit, std::int64_t cents) {
    NewTransfer t;
    t.debit_account_id = debit.id;
    t.credit_account_id = credit.id;
    t.amount = Cents(cents);
    t.kind = domain::TransferKind::kCorrection;
    t.created_at_us = 1;
    return t;
  }
};

TEST_P(LedgerRepoTest, PostTransferMovesBothCachesAndRecordsIt) {
  auto tx = begin();
  std::int64_t wallet_id = must(insert_account(*tx, AccountKind::kWallet, "wallet:test", 1));
  Account wallet = must(find_account(*tx, wallet_id));
  Account drawer = must(find_account_by_name(*tx, domain::kAccountCashDrawer));
  Account sales = must(find_account_by_name(*tx, domain::kAccountSales));

  PostedTransfer in = must(post_transfer(*tx, drawer, wallet, transfer(drawer, wallet, 500)));
  EXPECT_EQ(in.wallet_balance_after, Cents(500));
  PostedTransfer out = must(post_transfer(*tx, wallet, sales, transfer(wallet, sales, 500)));
  EXPECT_EQ(out.wallet_balance_after, Cents(0));
  EXPECT_GT(out.transfer_id, in.transfer_id);

  // At the floor: the conditional debit refuses and writes nothing.
  auto refused = apply_transfer_entries(*tx, wallet, sales, Cents(1));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kInsufficientFunds);

  Account after = must(find_account(*tx, wallet_id));
  EXPECT_EQ(after.credits, Cents(500));
  EXPECT_EQ(after.debits, Cents(500));
  EXPECT_EQ(must(find_account(*tx, sales.id)).credits, Cents(500));
  EXPECT_EQ(must(find_account(*tx, drawer.id)).debits, Cents(500));
  // System-to-system moves touch no wallet.
  PostedTransfer system = must(post_transfer(*tx, drawer, sales, transfer(drawer, sales, 7)));
  EXPECT_FALSE(system.wallet_balance_after.has_value());
  must(tx->commit());

  auto check = begin(TxMode::kRead);
  EXPECT_TRUE(must(accounts_with_cache_mismatch(*check)).empty());
  EXPECT_TRUE(must(wallets_below_floor(*check)).empty());
  LedgerTotals totals = must(ledger_totals(*check));
  EXPECT_EQ(totals.transfers_cents, 1007);
  EXPECT_EQ(totals.cached_debits_cents, 1007);
  EXPECT_EQ(totals.cached_credits_cents, 1007);
}

// Migration 0010: a transfer of the new kinds must name its cause, and no other kind may. Each
// attempt in a transaction of its own (a failed statement ends a PostgreSQL transaction).
TEST_P(LedgerRepoTest, NewKindsMustNameTheirCause) {
  auto accounts = begin(TxMode::kRead);
  Account drawer = must(find_account_by_name(*accounts, domain::kAccountCashDrawer));
  Account safe = must(find_account_by_name(*accounts, domain::kAccountSafe));
  must(accounts->commit());
  auto refused = [&](const NewTransfer& t) {
    auto tx = begin();
    return !insert_transfer(*tx, t).ok();
  };
  for (domain::TransferKind kind :
       {domain::TransferKind::kVoid, domain::TransferKind::kMealCharge,
        domain::TransferKind::kCashDifference, domain::TransferKind::kCashMove}) {
    NewTransfer t = transfer(safe, drawer, 100);
    t.kind = kind;
    EXPECT_TRUE(refused(t)) << domain::transfer_kind_name(kind);
  }
  NewTransfer naming_a_report = transfer(safe, drawer, 100);
  naming_a_report.report_id = 1;  // a correction names no report
  EXPECT_TRUE(refused(naming_a_report));
  EXPECT_FALSE(refused(transfer(safe, drawer, 100)));
}

TEST_P(LedgerRepoTest, AccountLookupsAndNames) {
  auto tx = begin();
  EXPECT_EQ(find_account_by_name(*tx, "nope").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(find_account(*tx, 987654).error().code, ErrorCode::kNotFound);
  std::int64_t id = must(insert_account(*tx, AccountKind::kWallet, "wallet:x", 1, Cents(-250)));
  EXPECT_EQ(must(find_account(*tx, id)).floor, Cents(-250));
  EXPECT_EQ(must(ensure_account(*tx, AccountKind::kWallet, "wallet:x", 2)), id);
  EXPECT_EQ(insert_account(*tx, AccountKind::kWallet, "wallet:x", 1).error().code,
            ErrorCode::kConflict);
}

MAMON_INSTANTIATE_BACKEND_SUITE(LedgerRepoTest);

}  // namespace
}  // namespace mamon::storage
