// The UserLookup behind the server's TokenAuthenticator (middleware/authentication.h): loads the
// user named by an access token, or the registered client application named by a client token,
// from the database — and keeps users' principals in memory for a short, bounded time.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "base/clock.h"
#include "base/limits.h"
#include "http/middleware/authentication.h"
#include "storage/database.h"

namespace mamon::http {

// `database` and `clock` must outlive the result. Thread-safe. A client application's lookup
// also records its last use (service/client_applications_service.h, at most once a minute).
std::unique_ptr<UserLookup> make_database_user_lookup(storage::Database& database,
                                                      const Clock& clock);

// Remembers find_user() answers of `inner` for `ttl` (issue 7, item 12: every authenticated
// request used to read its caller with four SELECTs). So a change made elsewhere (another
// instance, the CLI, the database by hand) is seen within `ttl`; forget_user() drops one user at
// once (the instance that made the change calls it), forget_all_users() everybody. Errors are
// never cached. Client applications are not cached here (their tokens are rare and long-lived,
// and revoking one must work at once). At most limits::kPrincipalCacheEntriesMax entries (emptied when full).
// `inner` and `clock` must outlive this object. Thread-safe.
class CachingUserLookup final : public UserLookup {
 public:
  CachingUserLookup(
      const UserLookup& inner, const Clock& clock,
      std::chrono::milliseconds ttl = std::chrono::milliseconds(limits::kPrincipalCacheMs));

  Result<Principal> find_user(std::int64_t user_id) const override;
  Result<Principal> find_client_application(std::string_view identifier,
                                            std::string_view user_claim) const override;
  std::optional<Principal> find_user_in_memory(std::int64_t user_id) const override;
  void forget_user(std::int64_t user_id) const override;
  void forget_all_users() const override;

 private:
  struct Entry {
    Principal principal;
    TimestampUs fetched_at_us = 0;
  };

  const UserLookup& inner_;
  const Clock& clock_;
  const TimestampUs ttl_us_;
  mutable std::mutex mutex_;
  mutable std::unordered_map<std::int64_t, Entry> entries_;
  mutable std::uint64_t generation_ = 0;  // raised by forget_user()
};

}  // namespace mamon::http
