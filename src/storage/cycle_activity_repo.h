// Who sold and what was voided within a time window: the parts of a bar cycle's dossier
// (service/cycle_dossier.h) that the cycle sums (reports_repo bar_cycle_sums) leave out. Windows
// are [from_us, to_us], both inclusive, on the purchases' created_at_us.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/money.h"
#include "base/result.h"
#include "domain/purchases.h"
#include "domain/users.h"
#include "storage/database.h"

namespace mamon::storage {

// The personnel who sold at least one purchase in the window (voided ones included: they were on
// duty), by nickname.
Result<std::vector<domain::Personnel>> sellers_between(Transaction& tx, TimestampUs from_us,
                                                       TimestampUs to_us);

struct VoidedSale {
  std::int64_t purchase_id = 0;
  std::int64_t seller_personnel_id = 0;
  domain::PaymentMethod method = domain::PaymentMethod::kUnknown;
  Cents total;
  TimestampUs sold_at_us = 0;
  TimestampUs voided_at_us = 0;
  std::string reason;  // "undo" for a seller's own undo at the till
};

// The purchases sold in the window and voided since, oldest sale first.
Result<std::vector<VoidedSale>> voided_sales_between(Transaction& tx, TimestampUs from_us,
                                                     TimestampUs to_us);

}  // namespace mamon::storage
