// Online top-ups in progress (DESIGN.md §1 MolliePayment). All calls run inside the caller's
// transaction; crediting the wallet is the service's (a wallet upgrade with method 'mollie').
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/money.h"
#include "base/result.h"
#include "domain/online_top_ups.h"
#include "storage/database.h"

namespace mamon::storage {

struct NewMolliePayment {
  std::int64_t holder_id = 0;
  Cents amount;
  std::string identifier;  // unique
  std::string comment;
  TimestampUs created_at_us = 0;
};

// Status "created". Error kConflict if the identifier is taken.
Result<domain::MolliePayment> insert_mollie_payment(Transaction& tx, const NewMolliePayment& p);

// Mollie accepted the payment: its id, status and checkout URL. Error kNotFound when the row is
// paid already (a paid row never changes), kConflict if the Mollie id belongs to another row.
struct MollieAcceptance {
  std::string mollie_id;
  std::string status;
  std::string checkout_url;
  std::optional<TimestampUs> expires_at_us;
};
Result<domain::MolliePayment> record_mollie_acceptance(Transaction& tx, std::int64_t id,
                                                       const MollieAcceptance& acceptance);

// Sets the status of a payment that is not paid (a paid row never changes); also stores
// `mollie_id`, if given, when the row has none yet. Returns whether a row changed.
Result<bool> update_unpaid_mollie_status(Transaction& tx, std::int64_t id, std::string_view status,
                                         const std::optional<std::string>& mollie_id);

// The first write of crediting: marks the payment paid (with its Mollie id) unless it is paid
// already. Returns false when it was — a concurrent or repeated webhook credited it; on
// PostgreSQL the row lock makes a concurrent caller wait here and then see the paid row.
Result<bool> mark_mollie_payment_paid(Transaction& tx, std::int64_t id, std::string_view mollie_id,
                                      TimestampUs paid_at_us);

// Error kNotFound.
Result<domain::MolliePayment> find_mollie_payment(Transaction& tx, std::int64_t id);
Result<std::optional<domain::MolliePayment>> find_mollie_payment_by_mollie_id(
    Transaction& tx, std::string_view mollie_id);
Result<std::optional<domain::MolliePayment>> find_mollie_payment_by_identifier(
    Transaction& tx, std::string_view identifier);

// Whether some payment created at or after `since_us` has no Mollie id yet (status "created" or
// "error": asking Mollie failed or its answer was not stored, but Mollie may have the payment).
Result<bool> any_mollie_payment_without_id_since(Transaction& tx, TimestampUs since_us);

// One holder's payments, newest first (created_at_us, then id, descending).
Result<std::vector<domain::MolliePayment>> list_mollie_payments(Transaction& tx,
                                                                std::int64_t holder_id,
                                                                std::int64_t limit,
                                                                std::int64_t offset);
Result<std::int64_t> count_mollie_payments(Transaction& tx, std::int64_t holder_id);

}  // namespace mamon::storage
