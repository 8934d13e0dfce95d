// Internal to the service layer: turns a domain::Movement into the two accounts it moves money
// between (domain/ledger.h decides which; this resolves them), and posts it.
#pragma once

#include <cstdint>
#include <optional>

#include "base/clock.h"
#include "base/money.h"
#include "base/result.h"
#include "domain/ledger.h"
#include "storage/database.h"
#include "storage/ledger_repo.h"

namespace mamon::service {

struct MovementPlan {
  storage::Account debit;
  storage::Account credit;
  domain::TransferKind kind = domain::TransferKind::kCorrection;
};

// Loads the system account(s) of `movement` by name; `wallet` is the holder's wallet account and
// must be given exactly when the movement involves a wallet (CHECKed). Error kInternal if a
// system account is missing (the database was not set up by `mamon migrate`).
Result<MovementPlan> plan_movement(storage::Transaction& tx, domain::Movement movement,
                                   const std::optional<storage::Account>& wallet);

// Posting `amount` (> 0) along the plan takes two calls, so that the cause (purchase, upgrade)
// can be written in between with the wallet's balance after:
//   apply_movement_entries: the wallet's entry, now (storage::apply_wallet_entry). Returns the
//     wallet's balance after, if a wallet is involved. Error kInsufficientFunds from the
//     conditional wallet debit; it is the first write, so nothing is written then.
//   defer_movement_rest: the system accounts' entries, in lock order, then the transfer row
//     naming its cause, deferred to the commit's round trip (storage::defer_system_entries,
//     storage::defer_transfer): the `sales` row every sale credits stays locked for the commit
//     only, not while the cause is written. The entries go first so that the transfer row's
//     foreign-key checks (FOR KEY SHARE on both accounts) find rows this transaction has already
//     updated. Inserted first, every sale's check share-locked the `sales` row while other sales
//     updated it, and PostgreSQL's MultiXacts for those lockers made every later sale slower
//     until a VACUUM (docs/ledger.md "Concurrency").
Result<std::optional<Cents>> apply_movement_entries(storage::Transaction& tx,
                                                    const MovementPlan& plan, Cents amount);
Status defer_movement_rest(storage::Transaction& tx, const MovementPlan& plan, Cents amount,
                           std::optional<std::int64_t> purchase_id,
                           std::optional<std::int64_t> wallet_upgrade_id, TimestampUs now_us);

}  // namespace mamon::service
