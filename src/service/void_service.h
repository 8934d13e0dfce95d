// Voiding a purchase (WEB.md §2 "Purchases", issue 9 item 7): a reversal, never a delete. The
// purchase keeps its lines and its sale transfer; a reversing transfer of kind 'void' moves the
// same amount back between the same two accounts (sales -> the wallet, or the cash drawer / PIN
// terminal / legacy_unknown account of a cash, PIN or imported sale), the purchase is marked voided
// (when, by whom, why) and an audit entry records it, all in one transaction. Reports net a void
// out in the period and bar cycle of the purchase it reverses (they leave voided purchases out).
// `mamon check` verifies the pair (service/ledger_check.h INV-6).
//
// Stock: once stock exists, the merge wires stock_service.h's
// restore_stock_for_voided_purchase(tx, purchase_id, user_id, now_us) into the transaction of
// void_purchase, right after the purchase is marked voided.
// Thread-safe: every call takes its own pooled connection; the Clock and Database are shared.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/money.h"
#include "base/result.h"
#include "domain/permissions.h"
#include "domain/purchases.h"
#include "storage/database.h"
#include "storage/voids_repo.h"

namespace mamon::service {

struct VoidRequest {
  std::int64_t purchase_id = 0;
  std::string reason;  // required; trimmed; at most limits::kCommentLengthMax bytes
};

struct VoidResult {
  storage::PurchaseVoid mark;
  Cents amount;                                 // the reversal's amount: the purchase's total
  std::optional<std::int64_t> buyer_holder_id;  // whose wallet got it back, wallet sales only
  std::optional<Cents> wallet_balance_after;    // that wallet's balance right after
};

// Checks, in order, each with its named error:
//   the caller has void_purchase                        kPermissionDenied (permission named)
//   a reason of 1..kCommentLengthMax bytes              kInvalidInput (field "reason")
//   the purchase exists                                 kNotFound
//   it is not voided yet (also under a concurrent void) kConflict ("voided already")
//   a purchase of total > 0 has its sale transfer       kInternal (the ledger is broken)
// then writes the reversal (a total of 0 moves no money), the void mark and the audit entry
// (action "void_purchase", object "purchase", before -> after).
Result<VoidResult> void_purchase(storage::Database& db, const Clock& clock,
                                 const domain::Caller& caller, const VoidRequest& request);

// Internal to the service layer (void_purchase, undo_sale.h): the void of `purchase` inside the
// caller's transaction, once the caller's own checks are done. Error kConflict when it is voided
// already; then the reversal, the mark (`reason`), stock restored and the audit entry
// (`audit_action`, object "purchase").
Result<VoidResult> void_in_transaction(storage::Transaction& tx, const Clock& clock,
                                       const domain::Caller& caller,
                                       const domain::Purchase& purchase, const std::string& reason,
                                       std::string_view audit_action);

// The purchase's void mark, none while not voided. Needs view_reports (kPermissionDenied) — the
// board's purchase detail shows it; a member's own timeline reads it through member_service.
// Error kNotFound.
Result<std::optional<storage::PurchaseVoid>> get_purchase_void(storage::Database& db,
                                                               const domain::Caller& caller,
                                                               std::int64_t purchase_id);

}  // namespace mamon::service
