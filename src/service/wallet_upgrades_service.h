// Cash and PIN top-ups and refunds of a holder's wallet at the bar (API.md "Wallet top-ups and
// refunds"), and the list of upgrades. Each call is one database transaction. (Online top-ups by
// Mollie have their own use case.)
//
// Permissions (domain/permissions.h, errors name the missing one): a top-up needs `top_up` and
// an active personnel record or superuser (kNotPersonnel without a record, kPermissionDenied for
// bar staff whose roles lack it); a refund needs `refund` (kPermissionDenied), and above
// limits::kRefundWithoutBoardMaxCents `refund_any_amount` (kPermissionDenied). By default
// Personnel may refund, because the bar app pays refunds out through POST /api/walletupgrades/
// with refund:true.
// Thread-safe: every call takes its own pooled connection; the Clock and Database are shared.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/money.h"
#include "base/result.h"
#include "domain/permissions.h"
#include "domain/wallet_upgrades.h"
#include "service/pages.h"
#include "storage/database.h"

namespace mamon::service {

struct WalletUpgradeRequest {
  domain::WalletUpgradeInput input;  // amount, refund, cash/pin, comment
  // The holder, by id or by ledenbase id (API: "holder": {"id"}, {"ledenbase_id"} or the whole
  // listed Holder object). With both, the id names the holder and the ledenbase id must agree.
  // A ledenbase id of 0 means "none": alone it names nobody (kInvalidInput); beside an id it is
  // ignored (the API sends 0 for "none").
  std::optional<std::int64_t> holder_id;
  std::optional<std::int64_t> ledenbase_id;
  // Who handled the money (API: "personel" credentials, verified by the caller of this function).
  // Absent: the caller's own active personnel record, if any.
  std::optional<std::int64_t> handled_by_personnel_id;
  std::optional<std::string> idempotency_key;
};

struct WalletUpgradeResult {
  domain::WalletUpgrade upgrade;
  // The holder's balance right after this upgrade; for a replay, the balance now.
  Cents balance;
  bool replayed = false;  // see Sale::replayed
};

// Checks, in order, each with its named error:
//   permission (see the file comment)                  kNotPersonnel / kPermissionDenied
//   idempotency key well-formed                        kInvalidInput
//   domain::validate_wallet_upgrade_input              kInvalidAmount / kInvalidPaymentMethod /
//                                                      kInvalidInput (a refund needs a comment)
//   holder_id or ledenbase_id given                    kInvalidInput (field "holder")
//   a ledenbase_id alone is positive                   kInvalidInput ("holder.ledenbase_id")
//   key used before: same request -> replay; else      kIdempotencyKeyReused
//   holder exists and is not a system holder           kHolderNotFound
//   with both ids, the holder's ledenbase id matches   kInvalidInput ("holder.ledenbase_id")
//   handling personnel exists and is active            kNotPersonnel
//   refund: balance - amount >= floor                  kInsufficientFunds
// then writes the wallet entry first (a refund's debit is conditional on the floor), the system
// account's entry, the upgrade, its transfer, its audit entry (action "top_up" / "refund",
// object "holder", balance before -> after) and the idempotency key.
Result<WalletUpgradeResult> record_wallet_upgrade(storage::Database& db, const Clock& clock,
                                                  const domain::Caller& caller,
                                                  const WalletUpgradeRequest& request);

// Newest first with the total count. Personnel, the board and superusers see all upgrades;
// anybody else only those of their own holder. Error kInvalidInput for a bad page request.
Result<Page<domain::WalletUpgrade>> list_wallet_upgrades(storage::Database& db,
                                                         const domain::Caller& caller,
                                                         const PageRequest& page);

}  // namespace mamon::service
