// Wallet upgrades: top-ups and refunds of a holder's wallet (DESIGN.md §1). All calls run inside
// the caller's transaction. The ledger side (transfer, account caches) is ledger_repo's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/money.h"
#include "base/result.h"
#include "domain/wallet_upgrades.h"
#include "storage/database.h"

namespace mamon::storage {

struct NewWalletUpgrade {
  std::int64_t holder_id = 0;
  std::optional<std::int64_t> personnel_id;
  Cents amount;  // > 0
  bool refund = false;
  domain::UpgradeMethod method = domain::UpgradeMethod::kCash;
  std::string comment;
  std::optional<std::int64_t> mollie_payment_id;  // with method kMollie only
  TimestampUs created_at_us = 0;
};

// Returns it as stored. Error kConflict if the Mollie payment has an upgrade already.
Result<domain::WalletUpgrade> insert_wallet_upgrade(Transaction& tx, const NewWalletUpgrade& u);

// Error kNotFound.
Result<domain::WalletUpgrade> find_wallet_upgrade(Transaction& tx, std::int64_t upgrade_id);

// Newest first (created_at_us, then id, descending); with `holder_id` only that holder's.
struct WalletUpgradeQuery {
  std::optional<std::int64_t> holder_id;
  std::int64_t limit = 20;
  std::int64_t offset = 0;
};
Result<std::vector<domain::WalletUpgrade>> list_wallet_upgrades(Transaction& tx,
                                                                const WalletUpgradeQuery& query);
Result<std::int64_t> count_wallet_upgrades(Transaction& tx, const WalletUpgradeQuery& query);

}  // namespace mamon::storage
