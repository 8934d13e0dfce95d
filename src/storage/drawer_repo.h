// The cash drawer at a confirmed count (issue 12; migrations 0010 and 0017): the lock and read
// behind the cash-difference booking, and the query behind INV-8 of `mamon check`.
#pragma once

#include <cstdint>
#include <vector>

#include "base/money.h"
#include "base/result.h"
#include "storage/database.h"

namespace mamon::storage {

// The drawer account's row, locked until `tx` ends (a no-op UPDATE, so it works on both
// backends), with its ledger balance (debits - credits: an asset) and the newest transfer touching
// it (0: none). Every drawer transfer is inserted while its transaction holds this row's lock
// (ledger_repo's apply_transfer_entries updates the row first), so transfers up to the anchor are
// exactly those the balance contains. Error kNotFound if the account is missing.
struct DrawerAtCount {
  std::int64_t account_id = 0;
  Cents balance;
  std::int64_t anchor_transfer_id = 0;
};
Result<DrawerAtCount> lock_drawer_for_count(Transaction& tx);

// INV-8: reports whose stored drawer figures disagree with the ledger: the balance recomputed
// from the drawer's transfers up to the anchor differs from drawer_ledger_cents, or that balance
// plus the report's cash-difference transfer (surplus +, shortage -) differs from the count.
struct DrawerCountMismatch {
  std::int64_t report_id = 0;
  std::int64_t counted_cents = 0;
  std::int64_t stored_ledger_cents = 0;
  std::int64_t recomputed_ledger_cents = 0;
  std::int64_t booked_cents = 0;  // signed: + surplus booked into the drawer
};
Result<std::vector<DrawerCountMismatch>> drawer_counts_mismatched(Transaction& tx);

}  // namespace mamon::storage
