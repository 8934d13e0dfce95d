// Ledger rules (DESIGN.md §2): which pair of accounts each kind of money movement debits and
// credits. This is the only place that decides it; storage applies it, services name the movement.
//
//   movement          debit            credit           transfer kind
//   wallet purchase   wallet           sales            purchase
//   cash purchase     cash_drawer      sales            purchase
//   pin purchase      pin_terminal     sales            purchase
//   cash top-up       cash_drawer      wallet           top_up
//   pin top-up        pin_terminal     wallet           top_up
//   cash refund       wallet           cash_drawer      refund
//   pin refund        wallet           pin_terminal     refund
//   mollie top-up     mollie_clearing  wallet           mollie_top_up
//   meal charge       wallet           sales            meal_charge
//   cash surplus      cash_drawer      cash_difference  cash_difference  (a count above the drawer)
//   cash shortage     cash_difference  cash_drawer      cash_difference  (a count below it)
//   cash from safe    cash_drawer      safe             cash_move
//   cash to safe      safe             cash_drawer      cash_move
//
// A wallet's balance is credits - debits of its account: a credit to the wallet raises it.
#pragma once

#include <string_view>

#include "base/result.h"
#include "domain/cash_moves.h"
#include "domain/close_out.h"
#include "domain/purchases.h"
#include "domain/wallet_upgrades.h"

namespace mamon::domain {

enum class Movement {
  kWalletPurchase,
  kCashPurchase,
  kPinPurchase,
  kCashTopUp,
  kPinTopUp,
  kCashRefund,
  kPinRefund,
  kMollieTopUp,
  kMealCharge,
  kCashSurplus,
  kCashShortage,
  kCashFromSafe,
  kCashToSafe,
};

// The `transfers.kind` values.
// kVoid: the reversal of a purchase (same purchase_id); kMealCharge: a charged meal sign-up;
// kCashDifference: a confirmed count's difference (names the report); kCashMove: cash between the
// drawer and the safe (names the cash_moves row).
enum class TransferKind {
  kPurchase,
  kTopUp,
  kRefund,
  kMollieTopUp,
  kOpeningBalance,
  kCorrection,
  kVoid,
  kMealCharge,
  kCashDifference,
  kCashMove,
};

// "purchase", "top_up", "refund", "mollie_top_up", "opening_balance", "correction", "void",
// "meal_charge", "cash_difference", "cash_move".
std::string_view transfer_kind_name(TransferKind kind);

// One side of a transfer: the holder's wallet (which wallet is the caller's business) or a named
// system account of domain/accounts.h.
struct AccountSide {
  bool is_wallet = false;
  std::string_view system_account;  // empty when is_wallet

  static AccountSide wallet() { return AccountSide{true, {}}; }
  static AccountSide system(std::string_view name) { return AccountSide{false, name}; }
  bool operator==(const AccountSide&) const = default;
};

struct MovementAccounts {
  AccountSide debit;
  AccountSide credit;
  TransferKind kind = TransferKind::kCorrection;
};

// The table above. Total over Movement.
MovementAccounts movement_accounts(Movement movement);

// The movement of a new purchase. kUnknown (imported history only) is a programmer error here.
Movement movement_for_purchase(PaymentMethod method);

// The movement of a wallet upgrade. Error kInvalidPaymentMethod for a Mollie refund or an
// 'unknown' method (imported history has its own accounts, see accounts.h).
Result<Movement> movement_for_wallet_upgrade(UpgradeMethod method, bool refund);

// The movement that books a confirmed count's difference (domain/close_out.h).
Movement movement_for_cash_difference(CashDifferenceDirection direction);

// The movement of cash into the drawer (from the safe) or out of it (to the safe).
Movement movement_for_cash_move(CashMoveDirection direction);

}  // namespace mamon::domain
