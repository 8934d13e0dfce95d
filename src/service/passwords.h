// Password hashing. New hashes are argon2id (libsodium crypto_pwhash_str, interactive limits).
// Hashes imported from the old Django system ("pbkdf2_sha256$<iterations>$<salt>$<base64>") are
// verified with OpenSSL and reported as needing a rehash, so login can upgrade them to argon2id.
// An empty stored hash, or one in no known format, never matches. Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace mamon::service {

// Error kInvalidInput for an empty password or one longer than limits::kPasswordLengthMax;
// kInternal if libsodium fails (out of memory).
Result<std::string> hash_password(std::string_view password);

enum class PasswordCheck {
  kMismatch,          // wrong password, or the stored hash is unusable
  kMatch,             // correct, stored hash is current
  kMatchNeedsRehash,  // correct, but the stored hash should be replaced by hash_password()
};
PasswordCheck verify_password(std::string_view password, std::string_view stored_hash);

// Costs what verify_password() costs for a wrong password against a hash from hash_password(),
// and never matches: it verifies `password` against a dummy argon2id hash of a random secret,
// made once per process with the same parameters. Login calls it when there is no real hash to
// check (unknown, inactive or system user, no usable local password), so a failed login takes
// as long whether or not the username exists. The first call makes the hash (or call
// prepare_dummy_password_hash() at start-up).
void verify_dummy_password(std::string_view password);
void prepare_dummy_password_hash();
// How many times verify_dummy_password() ran in this process (tests prove the path is taken).
std::uint64_t dummy_password_verifications();

// True if the stored hash is in a format verify_password understands (argon2id or Django pbkdf2).
bool is_usable_password_hash(std::string_view stored_hash);

}  // namespace mamon::service
