#include "service/wallet_upgrades_service.h"

#include <gtest/gtest.h>

#include "base/limits.h"
#include "service/service_test_fixture.h"
#include "storage/ledger_repo.h"

namespace mamon::service {
namespace {

using testing::code_of;
using testing::must;

WalletUpgradeRequest upgrade(std::int64_t holder_id, std::int64_t cents, bool refund,
                             bool cash = true) {
  WalletUpgradeRequest r;
  r.input.amount = Cents(cents);
  r.input.refund = refund;
  r.input.cash = cash;
  r.input.pin = !cash;
  r.holder_id = holder_id;
  if (refund) r.input.comment = "test refund";  // a refund needs a reason
  return r;
}

class WalletUpgradeTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    staff_ = add_staff("tapper");
    member_ = add_user("member", false, {}, false, /*ledenbase_id=*/4711);
  }

  std::vector<storage::Transfer> transfers_of(std::int64_t upgrade_id) {
    return in_tx([&](storage::Transaction& tx) {
      return must(storage::transfers_of_wallet_upgrade(tx, upgrade_id));
    });
  }

  domain::Caller staff_;
  domain::Caller member_;
};

TEST_P(WalletUpgradeTest, CashTopUpCreditsTheWallet) {
  WalletUpgradeRequest r = upgrade(*member_.holder_id, 2000, false);
  r.input.comment = "twenty";
  auto result = record_wallet_upgrade(db(), clock_, staff_, r);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->balance, Cents(2000));
  EXPECT_FALSE(result->replayed);
  const domain::WalletUpgrade& u = result->upgrade;
  EXPECT_EQ(u.holder_id, *member_.holder_id);
  EXPECT_EQ(u.personnel_id, staff_.personnel_id);
  EXPECT_EQ(u.amount, Cents(2000));
  EXPECT_FALSE(u.refund);
  EXPECT_EQ(u.method, domain::UpgradeMethod::kCash);
  EXPECT_EQ(u.comment, "twenty");
  EXPECT_EQ(u.created_at_us, testing::kStartUs);

  auto t = transfers_of(u.id);
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].kind, "top_up");
  EXPECT_EQ(t[0].debit_account_id, account(domain::kAccountCashDrawer).id);
  EXPECT_EQ(t[0].credit_account_id, account(domain::wallet_account_name(member_.user_id)).id);
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(2000));
}

TEST_P(WalletUpgradeTest, PinTopUpByLedenbaseId) {
  WalletUpgradeRequest r = upgrade(0, 1550, false, /*cash=*/false);
  r.holder_id.reset();
  r.ledenbase_id = 4711;
  auto result = record_wallet_upgrade(db(), clock_, staff_, r);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->upgrade.method, domain::UpgradeMethod::kPin);
  EXPECT_EQ(result->upgrade.holder_id, *member_.holder_id);
  EXPECT_EQ(account(domain::kAccountPinTerminal).debits, Cents(1550));
}

TEST_P(WalletUpgradeTest, RefundsPayOutDownToTheFloorOnly) {
  fund(*member_.holder_id, 1000);
  auto cash = record_wallet_upgrade(db(), clock_, staff_, upgrade(*member_.holder_id, 300, true));
  ASSERT_TRUE(cash.ok()) << cash.error().message;
  EXPECT_EQ(cash->balance, Cents(700));
  EXPECT_TRUE(cash->upgrade.refund);
  auto t = transfers_of(cash->upgrade.id);
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].kind, "refund");
  EXPECT_EQ(t[0].credit_account_id, account(domain::kAccountCashDrawer).id);

  auto pin = record_wallet_upgrade(db(), clock_, staff_,
                                   upgrade(*member_.holder_id, 700, true, /*cash=*/false));
  ASSERT_TRUE(pin.ok()) << pin.error().message;
  EXPECT_EQ(pin->balance, Cents(0));
  EXPECT_EQ(account(domain::kAccountPinTerminal).credits, Cents(700));

  const auto before = counts();
  EXPECT_EQ(
      code_of(record_wallet_upgrade(db(), clock_, staff_, upgrade(*member_.holder_id, 1, true))),
      ErrorCode::kInsufficientFunds);
  EXPECT_EQ(counts(), before);
}

TEST_P(WalletUpgradeTest, Permissions) {
  // A member can neither top up nor refund.
  EXPECT_EQ(code_of(record_wallet_upgrade(db(), clock_, member_,
                                          upgrade(*member_.holder_id, 100, false))),
            ErrorCode::kNotPersonnel);
  fund(*member_.holder_id, 500);
  EXPECT_EQ(
      code_of(record_wallet_upgrade(db(), clock_, member_, upgrade(*member_.holder_id, 100, true))),
      ErrorCode::kPermissionDenied);
  // The board may refund (no personnel record: nobody named as handler).
  domain::Caller board = add_user("board", false, {"Bestuur"});
  auto refund = record_wallet_upgrade(db(), clock_, board, upgrade(*member_.holder_id, 100, true));
  ASSERT_TRUE(refund.ok()) << refund.error().message;
  EXPECT_FALSE(refund->upgrade.personnel_id.has_value());
  EXPECT_EQ(
      code_of(record_wallet_upgrade(db(), clock_, board, upgrade(*member_.holder_id, 100, false))),
      ErrorCode::kNotPersonnel);
  // A superuser may do both.
  domain::Caller root = add_user("root", false, {}, /*superuser=*/true);
  EXPECT_TRUE(
      record_wallet_upgrade(db(), clock_, root, upgrade(*member_.holder_id, 100, false)).ok());
}

TEST_P(WalletUpgradeTest, HandlingPersonnelMustBeActive) {
  domain::Caller colleague = add_staff("colleague");
  WalletUpgradeRequest r = upgrade(*member_.holder_id, 100, false);
  r.handled_by_personnel_id = colleague.personnel_id;
  auto handled = record_wallet_upgrade(db(), clock_, staff_, r);
  ASSERT_TRUE(handled.ok()) << handled.error().message;
  EXPECT_EQ(handled->upgrade.personnel_id, colleague.personnel_id);

  in_tx([&](storage::Transaction& tx) {
    must(storage::set_personnel_active(tx, *colleague.personnel_id, false));
    return 0;
  });
  const auto before = counts();
  EXPECT_EQ(code_of(record_wallet_upgrade(db(), clock_, staff_, r)), ErrorCode::kNotPersonnel);
  r.handled_by_personnel_id = 987654;
  EXPECT_EQ(code_of(record_wallet_upgrade(db(), clock_, staff_, r)), ErrorCode::kNotPersonnel);
  EXPECT_EQ(counts(), before);
}

TEST_P(WalletUpgradeTest, BadInputIsRefusedWithoutWriting) {
  const std::int64_t holder = *member_.holder_id;
  std::int64_t cash_holder = in_tx([&](storage::Transaction& tx) {
    auto user = must(storage::find_user_by_username(tx, domain::kSystemUserCash));
    return must(storage::find_holder_by_user(tx, user.id)).id;
  });
  struct Case {
    const char* name;
    WalletUpgradeRequest request;
    ErrorCode expected;
  };
  std::vector<Case> cases = {
      {"zero", upgrade(holder, 0, false), ErrorCode::kInvalidAmount},
      {"negative", upgrade(holder, -500, false), ErrorCode::kInvalidAmount},
      {"negative refund", upgrade(holder, -500, true), ErrorCode::kInvalidAmount},
      {"too large", upgrade(holder, limits::kMoneyAbsMaxCents + 1, false),
       ErrorCode::kInvalidAmount},
      {"unknown holder", upgrade(987654, 100, false), ErrorCode::kHolderNotFound},
      {"system holder", upgrade(cash_holder, 100, false), ErrorCode::kHolderNotFound},
  };
  WalletUpgradeRequest both = upgrade(holder, 100, false);
  both.input.pin = true;
  cases.push_back({"cash and pin", both, ErrorCode::kInvalidPaymentMethod});
  WalletUpgradeRequest neither = upgrade(holder, 100, false);
  neither.input.cash = false;
  cases.push_back({"neither", neither, ErrorCode::kInvalidPaymentMethod});
  WalletUpgradeRequest no_holder = upgrade(holder, 100, false);
  no_holder.holder_id.reset();
  cases.push_back({"no holder", no_holder, ErrorCode::kInvalidInput});
  WalletUpgradeRequest two_holders = upgrade(holder, 100, false);
  two_holders.ledenbase_id = 4712;  // the member's is 4711
  cases.push_back({"id and ledenbase id disagree", two_holders, ErrorCode::kInvalidInput});
  WalletUpgradeRequest ledenbase_zero = upgrade(holder, 100, false);
  ledenbase_zero.holder_id.reset();
  ledenbase_zero.ledenbase_id = 0;
  cases.push_back({"ledenbase id 0 names nobody", ledenbase_zero, ErrorCode::kInvalidInput});
  WalletUpgradeRequest no_reason = upgrade(holder, 100, true);
  no_reason.input.comment = " ";
  cases.push_back({"refund without a reason", no_reason, ErrorCode::kInvalidInput});
  WalletUpgradeRequest unknown_ledenbase = upgrade(holder, 100, false);
  unknown_ledenbase.holder_id.reset();
  unknown_ledenbase.ledenbase_id = 1;
  cases.push_back({"unknown ledenbase id", unknown_ledenbase, ErrorCode::kHolderNotFound});
  WalletUpgradeRequest long_comment = upgrade(holder, 100, false);
  long_comment.input.comment = std::string(limits::kCommentLengthMax + 1, 'c');
  cases.push_back({"long comment", long_comment, ErrorCode::kInvalidInput});
  WalletUpgradeRequest bad_key = upgrade(holder, 100, false);
  bad_key.idempotency_key = "has space";
  cases.push_back({"bad key", bad_key, ErrorCode::kInvalidInput});

  const auto before = counts();
  for (const Case& c : cases) {
    EXPECT_EQ(code_of(record_wallet_upgrade(db(), clock_, staff_, c.request)), c.expected)
        << c.name;
    EXPECT_EQ(counts(), before) << c.name;
  }
}

TEST_P(WalletUpgradeTest, HolderObjectWithIdAndAgreeingLedenbaseId) {
  WalletUpgradeRequest r = upgrade(*member_.holder_id, 250, false);
  r.ledenbase_id = 4711;
  auto result = record_wallet_upgrade(db(), clock_, staff_, r);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->upgrade.holder_id, *member_.holder_id);
}

TEST_P(WalletUpgradeTest, BarStaffRefundsAreBoundedPerRefund) {
  const std::int64_t bound = limits::kRefundWithoutBoardMaxCents;
  fund(*member_.holder_id, 3 * bound);
  const auto before = counts();
  auto over =
      record_wallet_upgrade(db(), clock_, staff_, upgrade(*member_.holder_id, bound + 1, true));
  EXPECT_EQ(code_of(over), ErrorCode::kPermissionDenied);
  EXPECT_EQ(counts(), before);
  EXPECT_TRUE(
      record_wallet_upgrade(db(), clock_, staff_, upgrade(*member_.holder_id, bound, true)).ok());
  domain::Caller board = add_user("treasurer", false, {"Bestuur"});
  EXPECT_TRUE(
      record_wallet_upgrade(db(), clock_, board, upgrade(*member_.holder_id, bound + 1, true))
          .ok());
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(3 * bound - bound - (bound + 1)));
}

TEST_P(WalletUpgradeTest, IdempotencyKey) {
  WalletUpgradeRequest r = upgrade(*member_.holder_id, 1000, false);
  r.idempotency_key = "top-up-1";
  auto first = must(record_wallet_upgrade(db(), clock_, staff_, r));
  const auto after_first = counts();
  auto again = record_wallet_upgrade(db(), clock_, staff_, r);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->upgrade.id, first.upgrade.id);
  EXPECT_EQ(again->balance, Cents(1000));
  EXPECT_EQ(counts(), after_first);

  WalletUpgradeRequest refund = upgrade(*member_.holder_id, 1000, true);
  refund.idempotency_key = "top-up-1";
  EXPECT_EQ(code_of(record_wallet_upgrade(db(), clock_, staff_, refund)),
            ErrorCode::kIdempotencyKeyReused);
  EXPECT_EQ(counts(), after_first);
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(1000));
}

TEST_P(WalletUpgradeTest, ListNewestFirstWithVisibility) {
  domain::Caller other = add_member("other");
  for (int i = 1; i <= 3; ++i) {
    clock_.advance_us(1'000'000);
    must(record_wallet_upgrade(db(), clock_, staff_, upgrade(*member_.holder_id, 100 * i, false)));
  }
  must(record_wallet_upgrade(db(), clock_, staff_, upgrade(*other.holder_id, 999, false)));

  auto all = list_wallet_upgrades(db(), staff_, PageRequest{1, 2});
  ASSERT_TRUE(all.ok()) << all.error().message;
  EXPECT_EQ(all->total, 4);
  ASSERT_EQ(all->items.size(), 2u);
  EXPECT_EQ(all->items[0].amount, Cents(999));
  EXPECT_EQ(all->items[1].amount, Cents(300));

  auto own = must(list_wallet_upgrades(db(), member_, PageRequest{}));
  EXPECT_EQ(own.total, 3);
  ASSERT_EQ(own.items.size(), 3u);
  EXPECT_EQ(own.items[2].amount, Cents(100));
  EXPECT_EQ(code_of(list_wallet_upgrades(db(), staff_, PageRequest{1, 0})),
            ErrorCode::kInvalidInput);
}

MAMON_SERVICE_SUITE(WalletUpgradeTest);

}  // namespace
}  // namespace mamon::service
