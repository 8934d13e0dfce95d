// Row counts of the tables that money-moving use cases write, in one statement: for `mamon
// check`'s summary, /metrics, and tests that prove a refused request wrote nothing.
#pragma once

#include <cstdint>

#include "base/result.h"
#include "storage/database.h"

namespace mamon::storage {

struct TableCounts {
  std::int64_t users = 0;
  std::int64_t holders = 0;
  std::int64_t accounts = 0;
  std::int64_t purchases = 0;
  std::int64_t order_lines = 0;
  std::int64_t transfers = 0;
  std::int64_t wallet_upgrades = 0;
  std::int64_t reports = 0;
  std::int64_t bar_cycles = 0;
  std::int64_t cards = 0;
  std::int64_t idempotency_keys = 0;
  std::int64_t mollie_payments = 0;

  bool operator==(const TableCounts&) const = default;
};

Result<TableCounts> count_tables(Transaction& tx);

}  // namespace mamon::storage
