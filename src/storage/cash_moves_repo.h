// Cash moves between the drawer and the safe (migration 0010's cash_moves table; issue 12).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/money.h"
#include "base/result.h"
#include "domain/cash_moves.h"
#include "storage/database.h"

namespace mamon::storage {

struct CashMove {
  std::int64_t id = 0;
  domain::CashMoveDirection direction = domain::CashMoveDirection::kIn;
  Cents amount;
  std::string reason;
  std::int64_t personnel_id = 0;
  std::optional<std::int64_t> bar_cycle_id;
  TimestampUs created_at_us = 0;
};

// Inserts the row (the caller books its transfer in the same transaction). `move.id` is ignored.
Result<CashMove> insert_cash_move(Transaction& tx, const CashMove& move);

// The moves of one bar cycle, oldest first.
Result<std::vector<CashMove>> cash_moves_of_bar_cycle(Transaction& tx, std::int64_t bar_cycle_id);

}  // namespace mamon::storage
