// Rows every Mamon database has: the system ledger accounts (domain/accounts.h) and the system
// users "Cash" and "Pin" with their holders (inactive, no password, is_system). Idempotent: creates
// only what is missing. Run by `mamon migrate` after the migrations and by `mamon loaddata`.
#pragma once

#include "base/clock.h"
#include "storage/database.h"

namespace mamon::storage {

Status ensure_system_rows(Transaction& tx, TimestampUs now_us);

}  // namespace mamon::storage
