// The board's money changes on one holder (WEB.md §2 "Holders", issue 9 item 3) other than
// top-ups and refunds (wallet_upgrades_service.h): a balance correction with a reason, and the
// holder's credit floor. Each call is one write transaction that also writes its audit entry
// (storage/audit_repo.h, action and before -> after in the detail), so both commit or neither.
//
// Permission: manage_users (WEB.md §3; by default superusers only), kPermissionDenied naming it.
// Thread-safe: every call takes its own pooled connection; the Clock and Database are shared.
#pragma once

#include <cstdint>
#include <string>

#include "base/clock.h"
#include "base/money.h"
#include "base/result.h"
#include "domain/permissions.h"
#include "storage/database.h"

namespace mamon::service {

// A correction moves `amount` (signed, not 0) into the wallet (> 0) or out of it (< 0), against
// the system account `corrections` (domain/accounts.h), as a transfer of kind 'correction'.
struct BalanceCorrection {
  std::int64_t holder_id = 0;
  Cents amount;        // signed; |amount| <= limits::kMoneyAbsMaxCents
  std::string reason;  // required; trimmed; at most limits::kCommentLengthMax bytes
};

struct CorrectionResult {
  std::int64_t transfer_id = 0;
  Cents balance_before;
  Cents balance_after;
};

// Checks, in order, each with its named error:
//   the caller has manage_users                          kPermissionDenied
//   amount not 0 and within the bound                    kInvalidAmount (field "amount")
//   a reason of 1..kCommentLengthMax bytes               kInvalidInput (field "reason")
//   the holder exists and is not a system holder         kHolderNotFound
//   a correction down keeps the balance >= the floor     kInsufficientFunds (field "amount")
// then posts the transfer and the audit entry (action "correct_balance", object "holder").
Result<CorrectionResult> correct_balance(storage::Database& db, const Clock& clock,
                                         const domain::Caller& caller,
                                         const BalanceCorrection& correction);

// Sets the holder's credit floor: the lowest balance the wallet may reach (INV-3).
// Checks, in order: manage_users (kPermissionDenied); floor <= 0 and >= -kMoneyAbsMaxCents
// (kInvalidAmount, field "floor"); the holder exists and is not a system holder
// (kHolderNotFound); the balance is not below the new floor already (kInvalidInput, field
// "floor"). Setting the floor it has changes nothing and logs nothing. Audit action
// "set_credit_floor", object "holder".
Status set_credit_floor(storage::Database& db, const Clock& clock, const domain::Caller& caller,
                        std::int64_t holder_id, Cents floor);

}  // namespace mamon::service
