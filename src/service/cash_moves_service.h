// Cash in and out of the bar's drawer (issue 12): the float from the safe, takings to the safe or
// the bank, each with a reason. One call is one transaction: the cash_moves row, its 'cash_move'
// transfer between cash_drawer and safe (domain/cash_moves.h) and an audit entry.
// Thread-safe: each call takes its own pooled connection.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "domain/cash_moves.h"
#include "domain/permissions.h"
#include "storage/cash_moves_repo.h"
#include "storage/database.h"

namespace mamon::service {

// Checks, in order: `file_report` and an active personnel record (kNotPersonnel /
// kPermissionDenied: the move names who did it), domain::validate_cash_move. The move belongs to
// the open bar cycle, if one is open.
Result<storage::CashMove> move_cash(storage::Database& db, const Clock& clock,
                                    const domain::Caller& caller, domain::CashMoveInput input);

// The moves of a bar cycle, oldest first (for its dossier). `view_sales` (kPermissionDenied).
Result<std::vector<storage::CashMove>> cash_moves_of_bar_cycle(storage::Database& db,
                                                               const domain::Caller& caller,
                                                               std::int64_t bar_cycle_id);

}  // namespace mamon::service
