// The cash-difference booking at a confirmed count (issue 12 "Close-out booking and checks";
// rules in domain/close_out.h). Runs inside the caller's transaction, the one that files the
// report, so the report, its stored drawer figures and the booking commit or fail together.
#pragma once

#include <cstdint>
#include <optional>

#include "base/clock.h"
#include "base/money.h"
#include "base/result.h"
#include "domain/close_out.h"
#include "storage/database.h"

namespace mamon::service {

struct DrawerCountBooking {
  Cents drawer_before;  // the ledger's drawer (debits - credits) when the count was confirmed
  std::optional<domain::CashDifferenceBooking> booked;  // none when the count equals the drawer
};

// Locks the drawer (storage/drawer_repo.h), stores its balance and anchor on the report, and books
// the difference between `counted` and that balance as one 'cash_difference' transfer naming the
// report, so that afterwards the ledger's drawer equals `counted`. Errors: database errors;
// kInvalidAmount on overflow (domain::cash_difference_booking).
Result<DrawerCountBooking> book_drawer_count(storage::Transaction& tx, std::int64_t report_id,
                                             Cents counted, TimestampUs now_us);

}  // namespace mamon::service
