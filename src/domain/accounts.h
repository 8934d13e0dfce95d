// The ledger's accounts (DESIGN.md §2). System accounts have fixed names; a holder's wallet
// account is named after its user. Which pair of accounts a money movement uses is decided in
// domain/ledger.h, nowhere else.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace mamon::domain {

inline constexpr std::string_view kAccountCashDrawer = "cash_drawer";    // asset: cash in the bar
inline constexpr std::string_view kAccountPinTerminal = "pin_terminal";  // asset: PIN receipts
inline constexpr std::string_view kAccountMollieClearing = "mollie_clearing";  // asset: at Mollie
inline constexpr std::string_view kAccountSales = "sales";                     // revenue
inline constexpr std::string_view kAccountCashDifference =
    "cash_difference";  // counted vs expected
// Imported history: wallets' balances from the old system enter through opening_balance; sales and
// top-ups the old system recorded without a payment method go through legacy_unknown.
inline constexpr std::string_view kAccountOpeningBalance = "opening_balance";
inline constexpr std::string_view kAccountLegacyUnknown = "legacy_unknown";
// Cash outside the drawer: the float put in from the safe, takings taken out to the safe or bank.
inline constexpr std::string_view kAccountSafe = "safe";
// Balance corrections with a reason (service/holder_money_service.h): the other side of a
// transfer of kind 'correction'. Migration 0014 creates it.
inline constexpr std::string_view kAccountCorrections = "corrections";

inline constexpr std::array<std::string_view, 9> kSystemAccounts = {
    kAccountCashDrawer,    kAccountPinTerminal,    kAccountMollieClearing,
    kAccountSales,         kAccountCashDifference, kAccountOpeningBalance,
    kAccountLegacyUnknown, kAccountSafe,           kAccountCorrections};

// "wallet:user:42". Named by user because the wallet exists before its holder row.
inline std::string wallet_account_name(std::int64_t user_id) {
  return "wallet:user:" + std::to_string(user_id);
}

// The usernames of the two system holders used for anonymous (cash / PIN) sales in the old system.
inline constexpr std::string_view kSystemUserCash = "Cash";
inline constexpr std::string_view kSystemUserPin = "Pin";

}  // namespace mamon::domain
