// Client applications for the management page and the CLI (issue 9 item 6; migrations 0001,
// 0005 client_application_paths, 0012 last_used_at_us). auth_repo.h inserts and finds one by
// identifier for authentication; this file lists, edits paths, revokes and records last use. All
// calls run inside the caller's transaction; SQL only here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "storage/database.h"

namespace mamon::storage {

struct ClientApplicationRow {
  std::int64_t id = 0;
  std::string identifier;  // the uuid in the token's IDENTIFIER claim
  std::string name;
  std::int64_t user_id = 0;
  std::string username;
  TimestampUs created_at_us = 0;
  std::optional<TimestampUs> revoked_at_us;
  std::optional<TimestampUs> last_used_at_us;
  std::vector<std::string> paths;  // in their order
};

// Every application (revoked ones too), newest first.
Result<std::vector<ClientApplicationRow>> list_client_application_rows(Transaction& tx);
// Error kNotFound.
Result<ClientApplicationRow> find_client_application_row(Transaction& tx, std::int64_t id);
Result<ClientApplicationRow> find_client_application_row_by_identifier(Transaction& tx,
                                                                       std::string_view identifier);

// The stored patterns of application `id`, in their order.
Result<std::vector<std::string>> client_application_paths(Transaction& tx, std::int64_t id);
// Replaces them (positions 0..n-1).
Status replace_client_application_paths(Transaction& tx, std::int64_t id,
                                        const std::vector<std::string>& paths);

// Marks it revoked at `at_us` if it is not yet; returns whether this call revoked it.
Result<bool> revoke_client_application(Transaction& tx, std::int64_t id, TimestampUs at_us);

// Sets last_used_at_us = at_us only if it is NULL or at most `written_before_us` (a conditional
// update, so concurrent instances write it at most once per interval). Returns whether it wrote.
Result<bool> record_client_application_use(Transaction& tx, std::string_view identifier,
                                           TimestampUs at_us, TimestampUs written_before_us);

}  // namespace mamon::storage
