#include "cli/user_creation.h"

#include <sodium.h>

#include <array>
#include <cstdlib>
#include <iostream>

#include "base/clock.h"
#include "cli/command_support.h"
#include "cli/commands.h"
#include "storage/users_repo.h"

namespace mamon::cli {

std::optional<std::string> env_value(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

std::string unknowable_password() {
  MAMON_CHECK_MSG(sodium_init() >= 0, "libsodium failed to initialise");
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::array<char, 2 * 32 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
  return std::string(hex.data());
}

namespace {

// Leaves the user without a usable local password (password_hash '').
Status clear_password(storage::Database& db, std::int64_t user_id) {
  MAMON_TRY(std::unique_ptr<storage::Transaction> tx, db.begin(storage::TxMode::kWrite));
  MAMON_RETURN_IF_ERROR(storage::set_user_password_hash(*tx, user_id, ""));
  return tx->commit();
}

}  // namespace

int create_user_from_cli(const service::CreateUserRequest& request, bool clear_password_after,
                         std::string_view what) {
  auto config = load_config();
  if (!config) return fail(config.error());
  auto db = open_database(*config, /*require_migrated=*/true);
  if (!db) return fail(db.error());
  SystemClock clock;
  auto created = service::create_user(**db, clock, request);
  if (!created) {
    const Error& e = created.error();
    std::string reason = std::string(what) + ": " + e.message;
    if (!e.field.empty() && e.message.find(e.field) == std::string::npos) {
      reason += " (" + e.field + ")";
    }
    return fail(reason);
  }
  if (clear_password_after) {
    if (Status cleared = clear_password(**db, created->user.id); !cleared.ok()) {
      return fail(std::string(what) +
                  ": user created, but clearing its password failed: " + cleared.error().message);
    }
  }
  std::cout << what << ": created user " << request.username << " (user " << created->user.id
            << ", holder " << created->holder.id << ")"
            << (clear_password_after ? ", no local password" : "") << std::endl;
  return kExitOk;
}

}  // namespace mamon::cli
