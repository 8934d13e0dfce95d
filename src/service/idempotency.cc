#include "service/idempotency.h"

#include <openssl/evp.h>

#include "base/limits.h"
#include "storage/idempotency_repo.h"

namespace mamon::service {

Status validate_idempotency_key(const std::optional<std::string>& key) {
  if (!key) return ok_status();
  if (key->empty() || key->size() > limits::kIdempotencyKeyLengthMax) {
    return make_error(ErrorCode::kInvalidInput, "An Idempotency-Key has 1 to 128 characters.",
                      "Idempotency-Key");
  }
  for (char c : *key) {
    if (c < 0x21 || c > 0x7e) {
      return make_error(ErrorCode::kInvalidInput,
                        "An Idempotency-Key consists of visible ASCII characters.",
                        "Idempotency-Key");
    }
  }
  return ok_status();
}

CanonicalRequest& CanonicalRequest::add(std::string_view name, std::string_view value) {
  text_.append(name);
  text_.push_back('=');
  text_.append(std::to_string(value.size()));
  text_.push_back(':');
  text_.append(value);
  text_.push_back('\n');
  return *this;
}

CanonicalRequest& CanonicalRequest::add(std::string_view name, std::int64_t value) {
  return add(name, std::string_view(std::to_string(value)));
}

CanonicalRequest& CanonicalRequest::add(std::string_view name,
                                        const std::optional<std::int64_t>& value) {
  return value ? add(name, *value) : add(name, std::string_view("-"));
}

std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  const int ok = EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  MAMON_CHECK_MSG(ok == 1, "EVP_Digest(SHA-256) failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0x0f]);
  }
  return hex;
}

Result<std::optional<std::int64_t>> find_replay(storage::Transaction& tx, std::int64_t user_id,
                                                const std::string& key,
                                                std::string_view result_kind,
                                                const std::string& request_hash) {
  MAMON_TRY(std::optional<storage::IdempotencyRecord> stored,
            storage::find_idempotency_key(tx, user_id, key));
  if (!stored) return std::optional<std::int64_t>();
  if (stored->result_kind != result_kind || stored->request_hash != request_hash) {
    return make_error(ErrorCode::kIdempotencyKeyReused,
                      "This Idempotency-Key was used for a different request.", "Idempotency-Key");
  }
  return std::optional<std::int64_t>(stored->result_id);
}

Status remember_result(storage::Transaction& tx, std::int64_t user_id, const std::string& key,
                       const std::string& request_hash, std::string_view result_kind,
                       std::int64_t result_id, TimestampUs now_us) {
  Status stored = storage::insert_idempotency_key(
      tx, storage::IdempotencyRecord{user_id, key, request_hash, std::string(result_kind),
                                     result_id, now_us});
  if (!stored.ok() && stored.error().code == ErrorCode::kConflict) {
    return make_error(ErrorCode::kTransactionConflict,
                      "A concurrent request with the same Idempotency-Key finished first.");
  }
  return stored;
}

}  // namespace mamon::service
