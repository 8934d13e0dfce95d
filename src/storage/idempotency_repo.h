// Idempotency-Key records (DESIGN.md §2): per user, a key names the first result of a
// money-moving request together with a hash of that request. Written in the same transaction as
// the result, so a key exists exactly when its result does. All calls run inside the caller's
// transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"
#include "storage/database.h"

namespace mamon::storage {

struct IdempotencyRecord {
  std::int64_t user_id = 0;
  std::string key;           // 1..limits::kIdempotencyKeyLengthMax bytes
  std::string request_hash;  // hex SHA-256 of the request's canonical text
  std::string result_kind;   // "purchase", "wallet_upgrade", ...
  std::int64_t result_id = 0;
  TimestampUs created_at_us = 0;
};

Result<std::optional<IdempotencyRecord>> find_idempotency_key(Transaction& tx, std::int64_t user_id,
                                                              std::string_view key);

// Error kConflict if the user has used the key already (e.g. a concurrent first request won).
Status insert_idempotency_key(Transaction& tx, const IdempotencyRecord& record);

}  // namespace mamon::storage
