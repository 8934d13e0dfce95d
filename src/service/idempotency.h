// Idempotency-Key support for money-moving use cases (DESIGN.md §2). Inside the use case's one
// transaction:
//   1. find_replay(): has the caller used this key before? Same request (same hash and kind) ->
//      the id of the stored result, to be re-read and returned without moving money again;
//      different request -> kIdempotencyKeyReused; unused -> proceed.
//   2. ... do the work ...
//   3. remember_result(): store (key, request hash, result kind, result id). If a concurrent
//      first request with the same key committed meanwhile, the UNIQUE (user_id, idem_key)
//      constraint refuses the insert; remember_result reports kTransactionConflict so that
//      run_transaction retries the whole use case, which then finds the stored key in step 1.
//      The loser's money movement is rolled back with it: nothing is charged twice.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"
#include "storage/database.h"

namespace mamon::service {

// None is fine; a key has 1..limits::kIdempotencyKeyLengthMax visible ASCII characters.
// Error kInvalidInput (field "Idempotency-Key").
Status validate_idempotency_key(const std::optional<std::string>& key);

// Builds the canonical text of a validated request: `name=<length>:<value>\n` per field, so that
// no value can imitate another field. Hash it with sha256_hex().
class CanonicalRequest {
 public:
  explicit CanonicalRequest(std::string_view kind) { add("kind", kind); }
  CanonicalRequest& add(std::string_view name, std::string_view value);
  CanonicalRequest& add(std::string_view name, std::int64_t value);
  CanonicalRequest& add(std::string_view name, const std::optional<std::int64_t>& value);
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

// Lower-case hex SHA-256 (OpenSSL EVP).
std::string sha256_hex(std::string_view data);

Result<std::optional<std::int64_t>> find_replay(storage::Transaction& tx, std::int64_t user_id,
                                                const std::string& key,
                                                std::string_view result_kind,
                                                const std::string& request_hash);

Status remember_result(storage::Transaction& tx, std::int64_t user_id, const std::string& key,
                       const std::string& request_hash, std::string_view result_kind,
                       std::int64_t result_id, TimestampUs now_us);

}  // namespace mamon::service
