#include "domain/wallet_upgrades.h"

#include "base/limits.h"

namespace mamon::domain {

std::string_view upgrade_method_name(UpgradeMethod method) {
  switch (method) {
    case UpgradeMethod::kCash:
      return "cash";
    case UpgradeMethod::kPin:
      return "pin";
    case UpgradeMethod::kMollie:
      return "mollie";
    case UpgradeMethod::kUnknown:
      return "unknown";
  }
  return "unknown";
}

Result<UpgradeMethod> parse_upgrade_method(std::string_view name) {
  for (UpgradeMethod m : {UpgradeMethod::kCash, UpgradeMethod::kPin, UpgradeMethod::kMollie,
                          UpgradeMethod::kUnknown}) {
    if (upgrade_method_name(m) == name) return m;
  }
  return make_error(ErrorCode::kInvalidPaymentMethod,
                    "unknown upgrade method '" + std::string(name.substr(0, 20)) + "'");
}

Result<UpgradeMethod> validate_wallet_upgrade_input(const WalletUpgradeInput& input) {
  if (input.amount <= Cents::zero()) {
    return make_error(ErrorCode::kInvalidAmount, "The amount must be more than 0.00.", "amount");
  }
  if (input.amount.value() > limits::kMoneyAbsMaxCents) {
    return make_error(ErrorCode::kInvalidAmount, "The amount is too large.", "amount");
  }
  if (input.cash == input.pin) {
    return make_error(ErrorCode::kInvalidPaymentMethod, "Choose exactly one of cash and pin.",
                      "cash");
  }
  if (input.comment.size() > limits::kCommentLengthMax) {
    return make_error(ErrorCode::kInvalidInput, "The comment is too long.", "comment");
  }
  if (input.refund && input.comment.find_first_not_of(" \t\r\n") == std::string::npos) {
    // Money leaving a wallet must say why; the bar app asks for a reason too.
    return make_error(ErrorCode::kInvalidInput, "A refund needs a reason in the comment.",
                      "comment");
  }
  return input.cash ? UpgradeMethod::kCash : UpgradeMethod::kPin;
}

}  // namespace mamon::domain
