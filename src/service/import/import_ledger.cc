// The ledger of the imported history (see import_plan.h): one transfer per purchase / upgrade as a
// live one would have, one opening balance per holder, and balance_after by replay.
#include <algorithm>
#include <tuple>

#include "domain/accounts.h"
#include "domain/ledger.h"
#include "service/import/import_planner.h"

namespace mamon::service::import {
namespace {

using domain::AccountSide;
using domain::MovementAccounts;

// The accounts of an imported purchase: domain/ledger.h's, except that the old system's
// purchases without any payment method use legacy_unknown where cash_drawer would be.
MovementAccounts purchase_accounts(domain::PaymentMethod method) {
  if (method == domain::PaymentMethod::kUnknown) {
    MovementAccounts accounts = domain::movement_accounts(domain::Movement::kCashPurchase);
    accounts.debit = AccountSide::system(domain::kAccountLegacyUnknown);
    return accounts;
  }
  return domain::movement_accounts(domain::movement_for_purchase(method));
}

// Likewise for upgrades: 'unknown' top-ups and refunds move money like cash ones, through
// legacy_unknown.
Result<MovementAccounts> upgrade_accounts(domain::UpgradeMethod method, bool refund) {
  if (method == domain::UpgradeMethod::kUnknown) {
    MovementAccounts accounts = domain::movement_accounts(refund ? domain::Movement::kCashRefund
                                                                 : domain::Movement::kCashTopUp);
    (refund ? accounts.credit : accounts.debit) =
        AccountSide::system(domain::kAccountLegacyUnknown);
    return accounts;
  }
  MAMON_TRY(domain::Movement movement, domain::movement_for_wallet_upgrade(method, refund));
  return domain::movement_accounts(movement);
}

std::string account_name(const AccountSide& side, std::int64_t wallet_user_id) {
  return side.is_wallet ? domain::wallet_account_name(wallet_user_id)
                        : std::string(side.system_account);
}

// One event on a holder's wallet, for the opening balance and the replay.
struct WalletEvent {
  TimestampUs at_us = 0;
  int order = 0;  // ties: upgrades (0) before purchases (1), then by id
  std::int64_t id = 0;
  std::int64_t delta_cents = 0;                    // effect on the wallet's balance
  storage::ImportPurchaseRow* purchase = nullptr;  // set for wallet purchases
};

}  // namespace

Status Planner::plan_ledger() {
  storage::ImportBatch& batch = plan_.batch;
  std::vector<storage::ImportTransferRow> movements;
  std::map<std::int64_t, std::vector<WalletEvent>> events;  // by holder

  for (storage::ImportPurchaseRow& p : batch.purchases) {
    MAMON_TRY(domain::PaymentMethod method, domain::parse_payment_method(p.method));
    if (method == domain::PaymentMethod::kBalance) {  // a 0.00 one still gets its balance_after
      events[*p.buyer_holder_id].push_back({p.created_at_us, 1, p.id, -p.total_cents, &p});
    }
    if (p.total_cents == 0) continue;  // nothing moved: no transfer (amount_cents > 0)
    const MovementAccounts accounts = purchase_accounts(method);
    const std::int64_t buyer_user = p.buyer_holder_id ? holder_user_.at(*p.buyer_holder_id) : 0;
    movements.push_back({account_name(accounts.debit, buyer_user),
                         account_name(accounts.credit, buyer_user), p.total_cents,
                         std::string(domain::transfer_kind_name(accounts.kind)), p.id, std::nullopt,
                         p.created_at_us});
  }
  for (const storage::ImportWalletUpgradeRow& w : batch.wallet_upgrades) {
    if (w.amount_cents == 0) continue;
    MAMON_TRY(domain::UpgradeMethod method, domain::parse_upgrade_method(w.method));
    MAMON_TRY(MovementAccounts accounts, upgrade_accounts(method, w.refund));
    const std::int64_t user = holder_user_.at(w.holder_id);
    movements.push_back({account_name(accounts.debit, user), account_name(accounts.credit, user),
                         w.amount_cents, std::string(domain::transfer_kind_name(accounts.kind)),
                         std::nullopt, w.id, w.created_at_us});
    events[w.holder_id].push_back(
        {w.created_at_us, 0, w.id, w.refund ? -w.amount_cents : w.amount_cents, nullptr});
  }
  std::stable_sort(movements.begin(), movements.end(),
                   [](const auto& a, const auto& b) { return a.created_at_us < b.created_at_us; });

  // One opening balance per holder: stand - (top-ups - refunds - wallet purchases), dated at the
  // holder's first appearance, inserted before every other transfer of the import.
  for (storage::ImportHolderRow& h : batch.holders) {
    std::vector<WalletEvent>& list = events[h.id];
    std::sort(list.begin(), list.end(), [](const WalletEvent& a, const WalletEvent& b) {
      return std::tie(a.at_us, a.order, a.id) < std::tie(b.at_us, b.order, b.id);
    });
    const Cents stand = holder_stand_.at(h.id);
    Cents net;
    for (const WalletEvent& e : list) {
      MAMON_TRY(net, net.plus(Cents(e.delta_cents)));
    }
    MAMON_TRY(Cents opening, stand.minus(net));
    if (stand.value() < 0) {  // repair (g)
      h.floor_cents = stand.value();
      plan_.warnings.push_back("holder " + std::to_string(h.id) + " has a negative stand " +
                               stand.to_string() + "; its wallet's credit floor is lowered to it");
    }
    // Replay: the balance after each wallet purchase, from the opening balance on.
    Cents balance = opening;
    for (const WalletEvent& e : list) {
      MAMON_TRY(balance, balance.plus(Cents(e.delta_cents)));
      if (e.purchase != nullptr) e.purchase->balance_after_cents = balance.value();
    }
    MAMON_CHECK_MSG(balance == stand, "import replay must end at the dumped stand");
    if (opening.value() == 0) continue;
    const TimestampUs at_us =
        list.empty() ? h.created_at_us : std::min(h.created_at_us, list.front().at_us);
    const std::string wallet = domain::wallet_account_name(h.user_id);
    const std::string source(domain::kAccountOpeningBalance);
    const bool positive = opening.value() > 0;
    batch.transfers.push_back(
        {positive ? source : wallet, positive ? wallet : source,
         positive ? opening.value() : -opening.value(),
         std::string(domain::transfer_kind_name(domain::TransferKind::kOpeningBalance)),
         std::nullopt, std::nullopt, at_us});
    ++plan_.counts.opening_balances;
  }
  for (storage::ImportTransferRow& t : movements) batch.transfers.push_back(std::move(t));
  plan_.counts.transfers = static_cast<std::int64_t>(batch.transfers.size());
  return ok_status();
}

}  // namespace mamon::service::import
