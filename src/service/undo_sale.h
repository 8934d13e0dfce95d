// Undo at the POS (issue 12, WEB.md §3 `sell`): a seller reverses their own last sale within
// limits::kUndoWindowUs of making it, without a reason to type. It is a void like the board's
// (service/void_service.h: the reversal, the mark with the reason "undo", stock restored), audited
// as "undo_sale". Anything else (an older sale, another seller's, after the window) is the
// board's void with a reason.
// Thread-safe: every call takes its own pooled connection; the Clock and Database are shared.
#pragma once

#include <cstdint>

#include "base/clock.h"
#include "base/result.h"
#include "domain/permissions.h"
#include "service/void_service.h"
#include "storage/database.h"

namespace mamon::service {

// The reason a void made by undo_own_sale carries.
inline constexpr std::string_view kUndoReason = "undo";

// Checks, in order, each with its named error:
//   the caller may sell (`sell` and an active personnel record)   kNotPersonnel / kPermissionDenied
//   the purchase exists                                           kNotFound
//   the caller sold it                                            kPermissionDenied
//   it is the caller's newest sale                                kConflict ("only your last sale")
//   it was made less than kUndoWindowUs ago                       kConflict ("too late")
//   it is not voided yet (also under a concurrent undo or void)   kConflict ("voided already")
// then voids it in one transaction.
Result<VoidResult> undo_own_sale(storage::Database& db, const Clock& clock,
                                 const domain::Caller& caller, std::int64_t purchase_id);

}  // namespace mamon::service
