// check_ledger finds each kind of broken invariant. The breakage is set up through the
// repositories where one can produce it; where none can (that is the point of the constraints),
// a test-only statement does.
#include "service/ledger_check.h"

#include <gtest/gtest.h>

#include "service/purchases_service.h"
#include "service/service_test_fixture.h"
#include "storage/ledger_repo.h"
#include "storage/purchases_repo.h"

namespace mamon::service {
namespace {

using testing::must;

class LedgerCheckTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    staff_ = add_staff("tapper");
    member_ = add_member("member");
    beer_ = add_product("Beer", 250);
    fund(*member_.holder_id, 1000);
    SaleRequest r;
    r.input.lines = {{beer_, 2}};
    r.input.balance = true;
    r.input.buyer_holder_id = member_.holder_id;
    purchase_id_ = must(sell(db(), clock_, staff_, r)).view.purchase.id;
  }

  // The test breaks the ledger on purpose: repair expectations replace the TearDown check.
  void TearDown() override {}

  std::vector<std::string> invariants() {
    auto violations = check_ledger(db());
    EXPECT_TRUE(violations.ok());
    std::vector<std::string> out;
    for (const InvariantViolation& v : *violations) out.push_back(v.invariant);
    return out;
  }

  domain::Caller staff_;
  domain::Caller member_;
  std::int64_t beer_ = 0;
  std::int64_t purchase_id_ = 0;
};

TEST_P(LedgerCheckTest, CleanAfterRealUseCases) {
  EXPECT_TRUE(invariants().empty());
}

TEST_P(LedgerCheckTest, CachedSumsWithoutTransferBreakInv1) {
  in_tx([&](storage::Transaction& tx) {
    auto sales = must(storage::find_account_by_name(tx, domain::kAccountSales));
    auto drawer = must(storage::find_account_by_name(tx, domain::kAccountCashDrawer));
    must(storage::apply_transfer_entries(tx, drawer, sales, Cents(99)));
    return 0;
  });
  EXPECT_EQ(invariants(), (std::vector<std::string>{"INV-1", "INV-1", "INV-2"}));
}

TEST_P(LedgerCheckTest, OneSidedCacheBreaksInv2) {
  in_tx([&](storage::Transaction& tx) {
    must(tx.query("UPDATE accounts SET credits_cents = credits_cents + 1 WHERE name = 'sales'"));
    return 0;
  });
  EXPECT_EQ(invariants(), (std::vector<std::string>{"INV-1", "INV-2"}));
}

TEST_P(LedgerCheckTest, DatabaseRefusesAWalletBelowItsFloor) {
  in_tx([&](storage::Transaction& tx) {
    auto wallet =
        must(storage::find_account_by_name(tx, domain::wallet_account_name(member_.user_id)));
    must(storage::set_account_floor(tx, wallet.id, Cents(-1000)));
    auto sales = must(storage::find_account_by_name(tx, domain::kAccountSales));
    must(storage::apply_transfer_entries(tx, wallet, sales, Cents(1000)));  // balance -500
    storage::NewTransfer t;
    t.debit_account_id = wallet.id;
    t.credit_account_id = sales.id;
    t.amount = Cents(1000);
    t.kind = domain::TransferKind::kCorrection;
    t.created_at_us = clock_.now_us();
    must(storage::insert_transfer(tx, t));
    return 0;
  });
  {
    // Raising the floor above the balance: the schema's CHECK must refuse it.
    auto tx = must(db().begin(storage::TxMode::kWrite));
    auto wallet =
        must(storage::find_account_by_name(*tx, domain::wallet_account_name(member_.user_id)));
    EXPECT_EQ(wallet.balance(), Cents(-500));
    EXPECT_EQ(storage::set_account_floor(*tx, wallet.id, Cents(0)).error().code,
              ErrorCode::kInvalidInput);
  }
  // The database cannot hold a wallet below its floor, so INV-3 stays clean here; the query is
  // still exercised.
  EXPECT_TRUE(invariants().empty());
}

TEST_P(LedgerCheckTest, PurchaseWithoutMatchingTransferBreaksInv4) {
  in_tx([&](storage::Transaction& tx) {
    std::vector<domain::PricedLine> lines = {{beer_, 1, Cents(250)}};
    storage::NewPurchase p;
    p.seller_personnel_id = *staff_.personnel_id;
    p.method = domain::PaymentMethod::kCash;
    p.total = Cents(300);  // != 1 x 2.50, and no transfer
    p.created_at_us = clock_.now_us();
    p.lines = lines;
    must(storage::insert_purchase(tx, p));
    return 0;
  });
  EXPECT_EQ(invariants(), (std::vector<std::string>{"INV-4"}));
}

TEST_P(LedgerCheckTest, PaidMolliePaymentWithoutUpgradeBreaksInv5) {
  in_tx([&](storage::Transaction& tx) {
    must(
        tx.query("INSERT INTO mollie_payments (holder_id, amount_cents, mollie_id, identifier, "
                 "status, created_at_us) VALUES ($1, 1000, 'tr_test', 'uuid-1', 'paid', $2)",
                 {*member_.holder_id, clock_.now_us()}));
    must(
        tx.query("INSERT INTO mollie_payments (holder_id, amount_cents, mollie_id, identifier, "
                 "status, created_at_us) VALUES ($1, 1000, 'tr_open', 'uuid-2', 'open', $2)",
                 {*member_.holder_id, clock_.now_us()}));
    return 0;
  });
  EXPECT_EQ(invariants(), (std::vector<std::string>{"INV-5"}));
}

MAMON_SERVICE_SUITE(LedgerCheckTest);

}  // namespace
}  // namespace mamon::service
