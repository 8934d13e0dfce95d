#include "http/user_lookup.h"

#include "service/auth_service.h"
#include "service/client_applications_service.h"

namespace mamon::http {
namespace {

Principal principal_of(const service::UserProfile& profile) {
  Principal principal;
  principal.user_id = profile.user.id;
  principal.username = profile.user.username;
  principal.is_superuser = profile.user.is_superuser;
  principal.groups = profile.groups;
  principal.permissions = profile.permissions;
  if (profile.personnel && profile.personnel->active)
    principal.personnel_id = profile.personnel->id;
  if (profile.holder) principal.holder_id = profile.holder->id;
  return principal;
}

// Loads users and client applications through the auth service (one read transaction each).
class DatabaseUserLookup final : public UserLookup {
 public:
  DatabaseUserLookup(storage::Database& database, const Clock& clock)
      : database_(database), clock_(clock) {}

  Result<Principal> find_user(std::int64_t user_id) const override {
    MAMON_TRY(service::UserProfile profile, service::load_user_profile(database_, user_id));
    return principal_of(profile);
  }

  Result<Principal> find_client_application(std::string_view identifier,
                                            std::string_view /*user_claim*/) const override {
    // The registered row decides whose rights the client uses; the USER claim is informative.
    MAMON_TRY(service::ClientApplicationAccess access,
              service::load_client_application_access(database_, clock_, identifier));
    Principal principal = principal_of(access.profile);
    principal.client_application_id = std::string(identifier);
    principal.client_paths = std::move(access.paths);
    return principal;
  }

 private:
  storage::Database& database_;
  const Clock& clock_;
};

}  // namespace

std::unique_ptr<UserLookup> make_database_user_lookup(storage::Database& database,
                                                      const Clock& clock) {
  return std::make_unique<DatabaseUserLookup>(database, clock);
}

CachingUserLookup::CachingUserLookup(const UserLookup& inner, const Clock& clock,
                                     std::chrono::milliseconds ttl)
    : inner_(inner), clock_(clock), ttl_us_(ttl.count() * 1000) {}

std::optional<Principal> CachingUserLookup::find_user_in_memory(std::int64_t user_id) const {
  const TimestampUs now = clock_.now_us();
  std::lock_guard lock(mutex_);
  auto it = entries_.find(user_id);
  if (it == entries_.end()) return std::nullopt;
  const TimestampUs age = now - it->second.fetched_at_us;
  if (age < 0 || age >= ttl_us_) return std::nullopt;
  return it->second.principal;
}

Result<Principal> CachingUserLookup::find_user(std::int64_t user_id) const {
  if (auto cached = find_user_in_memory(user_id)) return *cached;
  const TimestampUs fetched_at = clock_.now_us();
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(mutex_);
    generation = generation_;
  }
  MAMON_TRY(Principal principal, inner_.find_user(user_id));
  std::lock_guard lock(mutex_);
  // A forget_user() while the database was read may have been about this very change: then
  // the answer just read may predate it, and is not kept.
  if (generation != generation_) return principal;
  if (entries_.size() >= limits::kPrincipalCacheEntriesMax) entries_.clear();
  entries_[user_id] = Entry{principal, fetched_at};
  return principal;
}

Result<Principal> CachingUserLookup::find_client_application(std::string_view identifier,
                                                             std::string_view user_claim) const {
  return inner_.find_client_application(identifier, user_claim);
}

void CachingUserLookup::forget_user(std::int64_t user_id) const {
  std::lock_guard lock(mutex_);
  entries_.erase(user_id);
  ++generation_;
}

void CachingUserLookup::forget_all_users() const {
  std::lock_guard lock(mutex_);
  entries_.clear();
  ++generation_;
}

}  // namespace mamon::http
