// `mamon check`: verifies the ledger invariants of DESIGN.md §2 over the whole database.
//   INV-1 every account's cached debits/credits equal the sums of its transfers
//   INV-2 sum of all debits = sum of all credits (over transfers, and over the account caches)
//   INV-3 no wallet is below its credit floor
//   INV-4 every purchase's total = sum of quantity x unit price of its lines = its transfer
//         (a purchase with total 0 has no transfer)
//   INV-5 every paid Mollie payment has exactly one wallet upgrade and one transfer
//   INV-6 every charged meal sign-up has exactly one meal_charge transfer, from its holder's
//         wallet to sales, of portions x cost per portion, and none was paid in the old system
//   INV-8 at every confirmed count (opening / closing report), the drawer's ledger balance up to
//         the stored anchor equals the stored balance, and that plus the report's cash-difference
//         booking equals the counted cash
//   STOCK every stock item's quantity = the sum of its mutations that are not imported; every
//         'sale' mutation names a purchase and one of its order lines, each such line has exactly
//         one draw (< 0, a whole multiple of the line's quantity: the units per item sold) and at
//         most one return (> 0) that gives exactly the draw back (a voided purchase)
//   INV-7 a voided purchase has exactly one reversal (transfer kind 'void') equal to its total,
//         between its sale's accounts in the opposite direction; an unvoided one has none
// Read-only; runs in one read transaction so it sees one consistent snapshot.
#pragma once

#include <string>
#include <vector>

#include "storage/database.h"

namespace mamon::service {

struct InvariantViolation {
  std::string invariant;  // "INV-1" ... "INV-8", "STOCK"
  std::string detail;     // one line naming the object and the numbers, e.g.
                          // "account 7 (sales): cached credits 1200 != transfers 1000"
};

// An empty vector means the ledger is clean. Error: the database failed.
Result<std::vector<InvariantViolation>> check_ledger(storage::Database& db);

}  // namespace mamon::service
