#include "domain/ledger.h"

#include "base/check.h"
#include "domain/accounts.h"

namespace mamon::domain {

std::string_view transfer_kind_name(TransferKind kind) {
  switch (kind) {
    case TransferKind::kPurchase:
      return "purchase";
    case TransferKind::kTopUp:
      return "top_up";
    case TransferKind::kRefund:
      return "refund";
    case TransferKind::kMollieTopUp:
      return "mollie_top_up";
    case TransferKind::kOpeningBalance:
      return "opening_balance";
    case TransferKind::kCorrection:
      return "correction";
    case TransferKind::kVoid:
      return "void";
    case TransferKind::kMealCharge:
      return "meal_charge";
    case TransferKind::kCashDifference:
      return "cash_difference";
    case TransferKind::kCashMove:
      return "cash_move";
  }
  return "correction";
}

MovementAccounts movement_accounts(Movement movement) {
  const AccountSide wallet = AccountSide::wallet();
  switch (movement) {
    case Movement::kWalletPurchase:
      return {wallet, AccountSide::system(kAccountSales), TransferKind::kPurchase};
    case Movement::kCashPurchase:
      return {AccountSide::system(kAccountCashDrawer), AccountSide::system(kAccountSales),
              TransferKind::kPurchase};
    case Movement::kPinPurchase:
      return {AccountSide::system(kAccountPinTerminal), AccountSide::system(kAccountSales),
              TransferKind::kPurchase};
    case Movement::kCashTopUp:
      return {AccountSide::system(kAccountCashDrawer), wallet, TransferKind::kTopUp};
    case Movement::kPinTopUp:
      return {AccountSide::system(kAccountPinTerminal), wallet, TransferKind::kTopUp};
    case Movement::kCashRefund:
      return {wallet, AccountSide::system(kAccountCashDrawer), TransferKind::kRefund};
    case Movement::kPinRefund:
      return {wallet, AccountSide::system(kAccountPinTerminal), TransferKind::kRefund};
    case Movement::kMollieTopUp:
      return {AccountSide::system(kAccountMollieClearing), wallet, TransferKind::kMollieTopUp};
    case Movement::kMealCharge:
      return {wallet, AccountSide::system(kAccountSales), TransferKind::kMealCharge};
    case Movement::kCashSurplus:
      return {AccountSide::system(kAccountCashDrawer), AccountSide::system(kAccountCashDifference),
              TransferKind::kCashDifference};
    case Movement::kCashShortage:
      return {AccountSide::system(kAccountCashDifference), AccountSide::system(kAccountCashDrawer),
              TransferKind::kCashDifference};
    case Movement::kCashFromSafe:
      return {AccountSide::system(kAccountCashDrawer), AccountSide::system(kAccountSafe),
              TransferKind::kCashMove};
    case Movement::kCashToSafe:
      return {AccountSide::system(kAccountSafe), AccountSide::system(kAccountCashDrawer),
              TransferKind::kCashMove};
  }
  MAMON_CHECK_MSG(false, "unknown movement");
  return {};
}

Movement movement_for_purchase(PaymentMethod method) {
  switch (method) {
    case PaymentMethod::kBalance:
      return Movement::kWalletPurchase;
    case PaymentMethod::kCash:
      return Movement::kCashPurchase;
    case PaymentMethod::kPin:
      return Movement::kPinPurchase;
    case PaymentMethod::kUnknown:
      break;
  }
  MAMON_CHECK_MSG(false, "a new purchase has a known payment method");
  return Movement::kCashPurchase;
}

Result<Movement> movement_for_wallet_upgrade(UpgradeMethod method, bool refund) {
  switch (method) {
    case UpgradeMethod::kCash:
      return refund ? Movement::kCashRefund : Movement::kCashTopUp;
    case UpgradeMethod::kPin:
      return refund ? Movement::kPinRefund : Movement::kPinTopUp;
    case UpgradeMethod::kMollie:
      if (!refund) return Movement::kMollieTopUp;
      return make_error(ErrorCode::kInvalidPaymentMethod, "Mollie top-ups cannot be refunded.");
    case UpgradeMethod::kUnknown:
      break;
  }
  return make_error(ErrorCode::kInvalidPaymentMethod, "Choose cash or pin.");
}

Movement movement_for_cash_difference(CashDifferenceDirection direction) {
  return direction == CashDifferenceDirection::kSurplus ? Movement::kCashSurplus
                                                        : Movement::kCashShortage;
}

Movement movement_for_cash_move(CashMoveDirection direction) {
  return direction == CashMoveDirection::kIn ? Movement::kCashFromSafe : Movement::kCashToSafe;
}

}  // namespace mamon::domain
