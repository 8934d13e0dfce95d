// The void marks of purchases (migration 0014) and the invariant query behind `mamon check`'s
// INV-6. A voided purchase is never deleted; its reversal is an ordinary transfer of kind 'void'
// (ledger_repo.h). All calls run inside the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "storage/database.h"

namespace mamon::storage {

struct PurchaseVoid {
  std::int64_t purchase_id = 0;
  TimestampUs voided_at_us = 0;
  std::optional<std::int64_t> voided_by_user_id;
  std::string reason;
};

// The purchase's void mark; none while it is not voided. Error kNotFound for no such purchase.
Result<std::optional<PurchaseVoid>> find_purchase_void(Transaction& tx, std::int64_t purchase_id);

// Marks the purchase voided. Conditional on it not being voided yet, so that of two concurrent
// voids only one succeeds: error kConflict when it already is (or does not exist).
Status mark_purchase_voided(Transaction& tx, const PurchaseVoid& mark);

// INV-6: purchases whose reversal does not match their void mark. A voided purchase with a total
// above 0 has exactly one 'void' transfer, of its total, between the same two accounts as its
// sale in the opposite direction; a voided purchase of total 0 and an unvoided purchase have none.
struct VoidMismatch {
  std::int64_t purchase_id = 0;
  bool voided = false;
  std::int64_t total_cents = 0;
  std::int64_t void_count = 0;
  std::int64_t void_cents = 0;
  bool reversed_accounts = false;  // the reversal swaps the sale's accounts (true when no void)
};
Result<std::vector<VoidMismatch>> purchases_with_void_mismatch(Transaction& tx);

}  // namespace mamon::storage
