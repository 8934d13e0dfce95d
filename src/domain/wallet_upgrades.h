// Wallet upgrades (DESIGN.md §1, API.md "Wallet top-ups and refunds"): money into a holder's
// wallet (top-up, by cash / PIN / Mollie) or out of it (refund, by cash / PIN). Pure rules.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/money.h"
#include "base/result.h"

namespace mamon::domain {

// 'unknown' exists only for imported history.
enum class UpgradeMethod { kCash, kPin, kMollie, kUnknown };

// "cash", "pin", "mollie", "unknown" (the database's `wallet_upgrades.method`).
std::string_view upgrade_method_name(UpgradeMethod method);
// Inverse of upgrade_method_name. Error: kInvalidPaymentMethod.
Result<UpgradeMethod> parse_upgrade_method(std::string_view name);

// A cash/PIN top-up or refund as requested at the bar (Mollie top-ups have their own flow).
struct WalletUpgradeInput {
  Cents amount;
  bool refund = false;
  bool cash = false;
  bool pin = false;
  std::string comment;
};

// Checks, in order: amount > 0 and <= limits::kMoneyAbsMaxCents (kInvalidAmount, field
// "amount"); exactly one of cash/pin (kInvalidPaymentMethod, field "cash"); comment at most
// limits::kCommentLengthMax bytes, and not blank for a refund (kInvalidInput, field "comment").
// Returns the method.
Result<UpgradeMethod> validate_wallet_upgrade_input(const WalletUpgradeInput& input);

struct WalletUpgrade {
  std::int64_t id = 0;
  std::int64_t holder_id = 0;
  std::optional<std::int64_t> personnel_id;  // who handled it, if known
  Cents amount;                              // always >= 0; `refund` gives the direction
  bool refund = false;
  UpgradeMethod method = UpgradeMethod::kUnknown;
  std::string comment;
  std::optional<std::int64_t> mollie_payment_id;
  bool imported = false;
  TimestampUs created_at_us = 0;
};

}  // namespace mamon::domain
