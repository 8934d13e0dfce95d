// Voids: the reversal's accounts and amount for each kind of sale, the void mark, the audit row
// in the same transaction, refusals, reports netting a void out, and `mamon check` INV-7.
#include "service/void_service.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "base/limits.h"
#include "service/board_reports_service.h"
#include "service/purchases_service.h"
#include "service/service_test_fixture.h"
#include "storage/ledger_repo.h"
#include "storage/reports_repo.h"

namespace mamon::service {
namespace {

using testing::code_of;
using testing::kStartUs;
using testing::must;

constexpr TimestampUs kHourUs = 3600LL * 1'000'000;

class VoidTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    staff_ = add_staff("tapper");
    member_ = add_member("member");
    board_ = add_user("boardmember", false, {"Bestuur"});
    audit_committee_ = add_user("kascommissie", false, {"Kascommissie"});
    beer_ = add_product("Beer", 250);
    fund(*member_.holder_id, 1000);
  }

  std::int64_t sale(bool balance, bool cash, bool pin, std::int64_t quantity = 2) {
    SaleRequest r;
    r.input.lines = {{beer_, quantity}};
    r.input.balance = balance;
    r.input.cash = cash;
    r.input.pin = pin;
    if (balance) r.input.buyer_holder_id = member_.holder_id;
    return must(sell(db(), clock_, staff_, r), "sell").view.purchase.id;
  }

  Result<VoidResult> void_it(std::int64_t purchase_id, const domain::Caller& caller,
                             std::string reason = "rang up twice") {
    return void_purchase(db(), clock_, caller, VoidRequest{purchase_id, std::move(reason)});
  }

  std::vector<storage::Transfer> transfers_of(std::int64_t purchase_id) {
    return in_tx([&](storage::Transaction& tx) {
      return must(storage::transfers_of_purchase(tx, purchase_id));
    });
  }

  std::int64_t account_id(std::string_view name) { return account(name).id; }

  std::int64_t audit_count(std::string_view action) {
    return in_tx([&](storage::Transaction& tx) {
      auto r =
          must(tx.query("SELECT COUNT(*) FROM audit_log WHERE action = $1", {std::string(action)}));
      return r.rows[0].get_int(0);
    });
  }

  // A purchase as the import writes one: no method (legacy_unknown -> sales), imported.
  std::int64_t imported_purchase(std::int64_t cents) {
    return in_tx([&](storage::Transaction& tx) {
      auto r = must(
          tx.query("INSERT INTO purchases (seller_personnel_id, method, total_cents, imported, "
                   "created_at_us) VALUES ($1, 'unknown', $2, $3, $4) RETURNING id",
                   {*staff_.personnel_id, cents, true, kStartUs}));
      const std::int64_t id = r.rows[0].get_int(0);
      must(
          tx.query("INSERT INTO order_lines (purchase_id, product_id, quantity, unit_price_cents)"
                   " VALUES ($1, $2, 1, $3)",
                   {id, beer_, cents}));
      auto legacy = must(storage::find_account_by_name(tx, domain::kAccountLegacyUnknown));
      auto sales = must(storage::find_account_by_name(tx, domain::kAccountSales));
      storage::NewTransfer t;
      t.debit_account_id = legacy.id;
      t.credit_account_id = sales.id;
      t.amount = Cents(cents);
      t.kind = domain::TransferKind::kPurchase;
      t.purchase_id = id;
      t.created_at_us = kStartUs;
      must(storage::post_transfer(tx, legacy, sales, t));
      return id;
    });
  }

  domain::Caller staff_, member_, board_, audit_committee_;
  std::int64_t beer_ = 0;
};

TEST_P(VoidTest, WalletSaleIsReversedIntoTheWallet) {
  const std::int64_t id = sale(true, false, false);
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(500));
  clock_.advance_us(kHourUs);
  const VoidResult v = must(void_it(id, board_));
  EXPECT_EQ(v.amount, Cents(500));
  EXPECT_EQ(v.buyer_holder_id, member_.holder_id);
  EXPECT_EQ(v.wallet_balance_after, Cents(1000));
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(1000));

  const auto transfers = transfers_of(id);
  ASSERT_EQ(transfers.size(), 2u);
  EXPECT_EQ(transfers[0].kind, "purchase");
  EXPECT_EQ(transfers[1].kind, "void");
  EXPECT_EQ(transfers[1].amount, Cents(500));
  EXPECT_EQ(transfers[1].debit_account_id, account_id(domain::kAccountSales));
  EXPECT_EQ(transfers[1].credit_account_id, transfers[0].debit_account_id);
  EXPECT_EQ(transfers[1].created_at_us, kStartUs + kHourUs);

  // The purchase is kept, marked.
  auto mark = must(get_purchase_void(db(), board_, id));
  ASSERT_TRUE(mark.has_value());
  EXPECT_EQ(mark->reason, "rang up twice");
  EXPECT_EQ(mark->voided_by_user_id, board_.user_id);
  EXPECT_EQ(mark->voided_at_us, kStartUs + kHourUs);
  EXPECT_TRUE(must(get_purchase(db(), board_, id)).purchase.lines.size() == 1);
}

TEST_P(VoidTest, CashAndPinSalesAreReversedToTheirAccounts) {
  const std::int64_t cash = sale(false, true, false);
  const std::int64_t pin = sale(false, false, true, 3);
  const Cents drawer_before = account(domain::kAccountCashDrawer).balance();
  const Cents pin_before = account(domain::kAccountPinTerminal).balance();
  EXPECT_EQ(must(void_it(cash, board_)).wallet_balance_after, std::nullopt);
  must(void_it(pin, board_));
  // The drawer's and terminal's debits (money in) are offset by a credit of the same amount.
  EXPECT_EQ(account(domain::kAccountCashDrawer).balance().value(), drawer_before.value() + 500);
  EXPECT_EQ(account(domain::kAccountPinTerminal).balance().value(), pin_before.value() + 750);
  EXPECT_EQ(transfers_of(cash)[1].credit_account_id, account_id(domain::kAccountCashDrawer));
  EXPECT_EQ(transfers_of(pin)[1].credit_account_id, account_id(domain::kAccountPinTerminal));
  EXPECT_EQ(transfers_of(pin)[1].amount, Cents(750));
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(1000));
}

TEST_P(VoidTest, ImportedPurchaseIsReversedToLegacyUnknown) {
  const std::int64_t id = imported_purchase(320);
  must(void_it(id, board_));
  const auto transfers = transfers_of(id);
  ASSERT_EQ(transfers.size(), 2u);
  EXPECT_EQ(transfers[1].credit_account_id, account_id(domain::kAccountLegacyUnknown));
  EXPECT_EQ(transfers[1].amount, Cents(320));
}

TEST_P(VoidTest, VoidingTwiceIsRefusedAndMovesNothing) {
  const std::int64_t id = sale(true, false, false);
  must(void_it(id, board_));
  const auto second = void_it(id, board_, "again");
  EXPECT_EQ(code_of(second), ErrorCode::kConflict);
  EXPECT_NE(second.error().message.find("voided already"), std::string::npos);
  EXPECT_EQ(transfers_of(id).size(), 2u);
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(1000));
  EXPECT_EQ(audit_count("void_purchase"), 1);
}

TEST_P(VoidTest, RefusalsNameTheirErrors) {
  const std::int64_t id = sale(true, false, false);
  const auto by_staff = void_it(id, staff_);
  EXPECT_EQ(code_of(by_staff), ErrorCode::kPermissionDenied);
  EXPECT_EQ(by_staff.error().permission, "void_purchase");
  EXPECT_EQ(code_of(void_it(id, audit_committee_)), ErrorCode::kPermissionDenied);
  const auto no_reason = void_it(id, board_, "  \t ");
  EXPECT_EQ(code_of(no_reason), ErrorCode::kInvalidInput);
  EXPECT_EQ(no_reason.error().field, "reason");
  EXPECT_EQ(code_of(void_it(id, board_, std::string(limits::kCommentLengthMax + 1, 'x'))),
            ErrorCode::kInvalidInput);
  EXPECT_EQ(code_of(void_it(id + 1000, board_)), ErrorCode::kNotFound);
  EXPECT_EQ(transfers_of(id).size(), 1u);
  EXPECT_EQ(audit_count("void_purchase"), 0);
}

TEST_P(VoidTest, AuditEntryHasBeforeAndAfter) {
  const std::int64_t id = sale(true, false, false);
  must(void_it(id, board_));
  auto r = in_tx([&](storage::Transaction& tx) {
    return must(
        tx.query("SELECT user_id, object_type, object_id, detail FROM audit_log "
                 "WHERE action = 'void_purchase'"));
  });
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].get_int(0), board_.user_id);
  EXPECT_EQ(r.rows[0].get_text(1), "purchase");
  EXPECT_EQ(r.rows[0].get_text(2), std::to_string(id));
  const auto detail = nlohmann::json::parse(r.rows[0].get_text(3));
  EXPECT_EQ(detail["total_cents"], 500);
  EXPECT_EQ(detail["before"]["voided"], false);
  EXPECT_EQ(detail["after"]["voided"], true);
  EXPECT_EQ(detail["after"]["reason"], "rang up twice");
}

// The audit row and the void share one transaction: when the audit row cannot be written, the
// reversal and the mark are rolled back with it.
TEST_P(VoidTest, FailingAuditRollsTheVoidBack) {
  const std::int64_t id = sale(true, false, false);
  refuse_audit_entries();
  EXPECT_FALSE(void_it(id, board_).ok());
  EXPECT_EQ(transfers_of(id).size(), 1u);
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(500));
  EXPECT_FALSE(must(get_purchase_void(db(), board_, id)).has_value());
}

TEST_P(VoidTest, OverviewAndCycleFiguresNetTheVoidOut) {
  const std::int64_t kept = sale(true, false, false, 1);
  const std::int64_t voided = sale(true, false, false, 2);
  const std::int64_t cash = sale(false, true, false, 1);
  (void)kept;
  clock_.advance_us(kHourUs);
  must(void_it(voided, board_));
  must(void_it(cash, board_));

  const Overview o = must(overview(db(), board_, LocalDateRange{{2026, 11, 1}, {2026, 11, 30}}));
  EXPECT_EQ(o.sales.total, Cents(250));
  EXPECT_EQ(o.sales.count, 1);
  EXPECT_EQ(o.sales.by_method.cash, Cents(0));
  const ReconciliationLine* voids = nullptr;
  for (const ReconciliationLine& line : o.reconciliation.lines) {
    if (line.kind == "void") voids = &line;
  }
  ASSERT_NE(voids, nullptr);
  EXPECT_EQ(voids->into_wallets, Cents(500));
  EXPECT_EQ(voids->transfers, 1);
  EXPECT_TRUE(o.reconciliation.balances);
  EXPECT_EQ(o.reconciliation.closing, Cents(750));

  GridRequest grid_request;
  grid_request.dates = LocalDateRange{{2026, 11, 1}, {2026, 11, 30}};
  grid_request.granularity = GridGranularity::kMonth;
  const DailyGrid grid = must(daily_grid(db(), board_, grid_request));
  EXPECT_EQ(grid.grand_total, 250);
  grid_request.measure = GridMeasure::kQuantity;
  EXPECT_EQ(must(daily_grid(db(), board_, grid_request)).grand_total, 1);

  const domain::BarCycleSums sums = in_tx([&](storage::Transaction& tx) {
    return must(storage::bar_cycle_sums(tx, kStartUs - kHourUs, kStartUs + 2 * kHourUs));
  });
  EXPECT_EQ(sums.sales.balance, Cents(250));
  EXPECT_EQ(sums.sales.cash, Cents(0));
  ASSERT_EQ(sums.products.size(), 1u);
  EXPECT_EQ(sums.products[0].quantity, 1);
}

// `mamon check` INV-7: a void mark without its reversal, a reversal of the wrong amount, and a
// reversal of an unvoided purchase are each found.
class VoidCheckTest : public VoidTest {
 protected:
  void TearDown() override {}

  std::vector<std::string> invariants() {
    auto violations = check_ledger(db());
    EXPECT_TRUE(violations.ok());
    std::vector<std::string> out;
    for (const InvariantViolation& v : *violations) out.push_back(v.invariant);
    return out;
  }
};

TEST_P(VoidCheckTest, CleanAfterAVoid) {
  must(void_it(sale(true, false, false), board_));
  EXPECT_TRUE(invariants().empty());
}

TEST_P(VoidCheckTest, MarkWithoutReversalBreaksInv6) {
  const std::int64_t id = sale(true, false, false);
  in_tx([&](storage::Transaction& tx) {
    return must(
        tx.query("UPDATE purchases SET voided_at_us = 1, void_reason = 'x' WHERE id = $1", {id}));
  });
  EXPECT_EQ(invariants(), (std::vector<std::string>{"INV-7"}));
}

TEST_P(VoidCheckTest, ReversalOfUnvoidedOrWrongAmountBreaksInv6) {
  const std::int64_t id = sale(true, false, false);
  in_tx([&](storage::Transaction& tx) {
    auto sales = must(storage::find_account_by_name(tx, domain::kAccountSales));
    auto wallet =
        must(storage::find_account_by_name(tx, domain::wallet_account_name(member_.user_id)));
    storage::NewTransfer t;
    t.debit_account_id = sales.id;
    t.credit_account_id = wallet.id;
    t.amount = Cents(400);
    t.kind = domain::TransferKind::kVoid;
    t.purchase_id = id;
    t.created_at_us = kStartUs;
    must(storage::post_transfer(tx, sales, wallet, t));
    return 0;
  });
  EXPECT_EQ(invariants(), (std::vector<std::string>{"INV-7"}));
  in_tx([&](storage::Transaction& tx) {
    return must(
        tx.query("UPDATE purchases SET voided_at_us = 1, void_reason = 'x' WHERE id = $1", {id}));
  });
  EXPECT_EQ(invariants(), (std::vector<std::string>{"INV-7"}));  // 400 is not the total 500
}

INSTANTIATE_TEST_SUITE_P(Backends, VoidTest,
                         ::testing::ValuesIn(mamon::testing::backends_under_test()),
                         testing::backend_param_name);
INSTANTIATE_TEST_SUITE_P(Backends, VoidCheckTest,
                         ::testing::ValuesIn(mamon::testing::backends_under_test()),
                         testing::backend_param_name);

}  // namespace
}  // namespace mamon::service
