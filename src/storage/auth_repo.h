// Refresh tokens (rotation) and client applications (API.md "Authentication"). All calls run
// inside the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"
#include "storage/database.h"

namespace mamon::storage {

// Records an issued refresh token by its jti, in the family `family_jti` (its own jti for a
// login; the rotated token's family for a rotation, with `parent_jti` the rotated token). Error
// kConflict if the jti exists (never, with 128 random bits).
Status insert_refresh_token(Transaction& tx, std::string_view jti, std::int64_t user_id,
                            TimestampUs expires_at_us, TimestampUs created_at_us,
                            std::string_view family_jti,
                            std::optional<std::string_view> parent_jti = std::nullopt);

// What presenting the refresh token `jti` of `user_id` found.
struct RefreshTokenUse {
  enum class Outcome {
    kRotated,  // it was unused and not revoked: it is now marked used by this call
    kReused,   // it was used (rotated) already: a copy is being replayed
    kInvalid,  // unknown, another user's, or revoked
  };
  Outcome outcome = Outcome::kInvalid;
  std::string family_jti;  // kRotated and kReused
};

// Marks the unused, unrevoked refresh token `jti` of `user_id` used at `now_us`, atomically (a
// concurrent rotation of the same token loses here and sees kReused).
Result<RefreshTokenUse> use_refresh_token(Transaction& tx, std::string_view jti,
                                          std::int64_t user_id, TimestampUs now_us);

// Revokes every not yet revoked token of the family (reuse detection): none of them can be
// rotated any more. Returns how many were revoked.
Result<std::int64_t> revoke_refresh_token_family(Transaction& tx, std::string_view family_jti,
                                                 TimestampUs now_us);

struct ClientApplication {
  std::int64_t id = 0;
  std::string identifier;  // the uuid carried in the client JWT
  std::string name;
  std::int64_t user_id = 0;
  TimestampUs created_at_us = 0;
  std::optional<TimestampUs> revoked_at_us;
};

// Error kConflict if the identifier is taken.
Result<std::int64_t> insert_client_application(Transaction& tx, std::string_view identifier,
                                               std::string_view name, std::int64_t user_id,
                                               TimestampUs created_at_us);
// Revoked or not. Error kNotFound.
Result<ClientApplication> find_client_application(Transaction& tx, std::string_view identifier);

}  // namespace mamon::storage
