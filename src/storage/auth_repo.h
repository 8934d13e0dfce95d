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

// Records an issued refresh token by its jti. Error kConflict if the jti exists (never, with
// 128 random bits).
Status insert_refresh_token(Transaction& tx, std::string_view jti, std::int64_t user_id,
                            TimestampUs expires_at_us, TimestampUs created_at_us);

// Marks the unused refresh token `jti` of `user_id` used at `now_us`, atomically: true if this
// call did it, false if the jti is unknown, belongs to another user or was used already (a
// concurrent rotation of the same token loses here).
Result<bool> mark_refresh_token_used(Transaction& tx, std::string_view jti, std::int64_t user_id,
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
