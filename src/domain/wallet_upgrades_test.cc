#include "domain/wallet_upgrades.h"

#include <gtest/gtest.h>

#include "base/limits.h"

namespace mamon::domain {
namespace {

WalletUpgradeInput cash(std::int64_t cents) {
  WalletUpgradeInput input;
  input.amount = Cents(cents);
  input.cash = true;
  return input;
}

TEST(ValidateWalletUpgradeInput, AcceptsCashAndPin) {
  EXPECT_EQ(*validate_wallet_upgrade_input(cash(1)), UpgradeMethod::kCash);
  WalletUpgradeInput pin = cash(limits::kMoneyAbsMaxCents);
  pin.cash = false;
  pin.pin = true;
  pin.refund = true;
  pin.comment = "wrong holder topped up";
  EXPECT_EQ(*validate_wallet_upgrade_input(pin), UpgradeMethod::kPin);
}

TEST(ValidateWalletUpgradeInput, RefundNeedsAReason) {
  WalletUpgradeInput refund = cash(100);
  refund.refund = true;
  for (const char* blank : {"", "   ", "\t\n"}) {
    refund.comment = blank;
    auto r = validate_wallet_upgrade_input(refund);
    ASSERT_FALSE(r.ok()) << '"' << blank << '"';
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(r.error().field, "comment");
  }
  refund.comment = "paid out the rest of the balance";
  EXPECT_TRUE(validate_wallet_upgrade_input(refund).ok());
  WalletUpgradeInput top_up = cash(100);  // a top-up needs no comment
  EXPECT_TRUE(validate_wallet_upgrade_input(top_up).ok());
}

TEST(ValidateWalletUpgradeInput, AmountMustBePositiveAndBounded) {
  for (std::int64_t bad : {std::int64_t{0}, std::int64_t{-100}, limits::kMoneyAbsMaxCents + 1}) {
    auto r = validate_wallet_upgrade_input(cash(bad));
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidAmount);
    EXPECT_EQ(r.error().field, "amount");
  }
}

TEST(ValidateWalletUpgradeInput, ExactlyOneOfCashAndPin) {
  WalletUpgradeInput none = cash(100);
  none.cash = false;
  EXPECT_EQ(validate_wallet_upgrade_input(none).error().code, ErrorCode::kInvalidPaymentMethod);
  WalletUpgradeInput both = cash(100);
  both.pin = true;
  EXPECT_EQ(validate_wallet_upgrade_input(both).error().code, ErrorCode::kInvalidPaymentMethod);
}

TEST(ValidateWalletUpgradeInput, CommentLength) {
  WalletUpgradeInput input = cash(100);
  input.comment = std::string(limits::kCommentLengthMax + 1, 'c');
  EXPECT_EQ(validate_wallet_upgrade_input(input).error().code, ErrorCode::kInvalidInput);
}

TEST(UpgradeMethodNames, RoundTrip) {
  for (UpgradeMethod m : {UpgradeMethod::kCash, UpgradeMethod::kPin, UpgradeMethod::kMollie,
                          UpgradeMethod::kUnknown}) {
    EXPECT_EQ(*parse_upgrade_method(upgrade_method_name(m)), m);
  }
  EXPECT_FALSE(parse_upgrade_method("ideal").ok());
}

}  // namespace
}  // namespace mamon::domain
