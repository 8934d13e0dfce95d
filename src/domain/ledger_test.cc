#include "domain/ledger.h"

#include <gtest/gtest.h>

#include "domain/accounts.h"

namespace mamon::domain {
namespace {

const AccountSide kWallet = AccountSide::wallet();
AccountSide sys(std::string_view name) {
  return AccountSide::system(name);
}

struct Expected {
  Movement movement;
  AccountSide debit;
  AccountSide credit;
  TransferKind kind;
};

TEST(MovementAccounts, TheTableOfDesignSection2) {
  const Expected table[] = {
      {Movement::kWalletPurchase, kWallet, sys(kAccountSales), TransferKind::kPurchase},
      {Movement::kCashPurchase, sys(kAccountCashDrawer), sys(kAccountSales),
       TransferKind::kPurchase},
      {Movement::kPinPurchase, sys(kAccountPinTerminal), sys(kAccountSales),
       TransferKind::kPurchase},
      {Movement::kCashTopUp, sys(kAccountCashDrawer), kWallet, TransferKind::kTopUp},
      {Movement::kPinTopUp, sys(kAccountPinTerminal), kWallet, TransferKind::kTopUp},
      {Movement::kCashRefund, kWallet, sys(kAccountCashDrawer), TransferKind::kRefund},
      {Movement::kPinRefund, kWallet, sys(kAccountPinTerminal), TransferKind::kRefund},
      {Movement::kMollieTopUp, sys(kAccountMollieClearing), kWallet, TransferKind::kMollieTopUp},
      {Movement::kMealCharge, kWallet, sys(kAccountSales), TransferKind::kMealCharge},
      {Movement::kCashSurplus, sys(kAccountCashDrawer), sys(kAccountCashDifference),
       TransferKind::kCashDifference},
      {Movement::kCashShortage, sys(kAccountCashDifference), sys(kAccountCashDrawer),
       TransferKind::kCashDifference},
      {Movement::kCashFromSafe, sys(kAccountCashDrawer), sys(kAccountSafe),
       TransferKind::kCashMove},
      {Movement::kCashToSafe, sys(kAccountSafe), sys(kAccountCashDrawer), TransferKind::kCashMove},
  };
  for (const Expected& e : table) {
    MovementAccounts accounts = movement_accounts(e.movement);
    EXPECT_EQ(accounts.debit, e.debit) << static_cast<int>(e.movement);
    EXPECT_EQ(accounts.credit, e.credit) << static_cast<int>(e.movement);
    EXPECT_EQ(accounts.kind, e.kind) << static_cast<int>(e.movement);
    EXPECT_NE(accounts.debit, accounts.credit);
  }
}

TEST(MovementForPurchase, OnePerMethod) {
  EXPECT_EQ(movement_for_purchase(PaymentMethod::kBalance), Movement::kWalletPurchase);
  EXPECT_EQ(movement_for_purchase(PaymentMethod::kCash), Movement::kCashPurchase);
  EXPECT_EQ(movement_for_purchase(PaymentMethod::kPin), Movement::kPinPurchase);
}

TEST(MovementForCash, DifferencesAndMoves) {
  EXPECT_EQ(movement_for_cash_difference(CashDifferenceDirection::kSurplus),
            Movement::kCashSurplus);
  EXPECT_EQ(movement_for_cash_difference(CashDifferenceDirection::kShortage),
            Movement::kCashShortage);
  EXPECT_EQ(movement_for_cash_move(CashMoveDirection::kIn), Movement::kCashFromSafe);
  EXPECT_EQ(movement_for_cash_move(CashMoveDirection::kOut), Movement::kCashToSafe);
}

TEST(MovementForWalletUpgrade, TopUpsAndRefunds) {
  EXPECT_EQ(*movement_for_wallet_upgrade(UpgradeMethod::kCash, false), Movement::kCashTopUp);
  EXPECT_EQ(*movement_for_wallet_upgrade(UpgradeMethod::kPin, false), Movement::kPinTopUp);
  EXPECT_EQ(*movement_for_wallet_upgrade(UpgradeMethod::kCash, true), Movement::kCashRefund);
  EXPECT_EQ(*movement_for_wallet_upgrade(UpgradeMethod::kPin, true), Movement::kPinRefund);
  EXPECT_EQ(*movement_for_wallet_upgrade(UpgradeMethod::kMollie, false), Movement::kMollieTopUp);
  EXPECT_EQ(movement_for_wallet_upgrade(UpgradeMethod::kMollie, true).error().code,
            ErrorCode::kInvalidPaymentMethod);
  EXPECT_EQ(movement_for_wallet_upgrade(UpgradeMethod::kUnknown, false).error().code,
            ErrorCode::kInvalidPaymentMethod);
}

TEST(TransferKindNames, MatchTheSchema) {
  EXPECT_EQ(transfer_kind_name(TransferKind::kPurchase), "purchase");
  EXPECT_EQ(transfer_kind_name(TransferKind::kTopUp), "top_up");
  EXPECT_EQ(transfer_kind_name(TransferKind::kRefund), "refund");
  EXPECT_EQ(transfer_kind_name(TransferKind::kMollieTopUp), "mollie_top_up");
  EXPECT_EQ(transfer_kind_name(TransferKind::kOpeningBalance), "opening_balance");
  EXPECT_EQ(transfer_kind_name(TransferKind::kCorrection), "correction");
  EXPECT_EQ(transfer_kind_name(TransferKind::kVoid), "void");
  EXPECT_EQ(transfer_kind_name(TransferKind::kMealCharge), "meal_charge");
  EXPECT_EQ(transfer_kind_name(TransferKind::kCashDifference), "cash_difference");
  EXPECT_EQ(transfer_kind_name(TransferKind::kCashMove), "cash_move");
}

}  // namespace
}  // namespace mamon::domain
