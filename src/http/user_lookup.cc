#include "http/user_lookup.h"

#include "service/auth_service.h"

namespace mamon::http {
namespace {

Principal principal_of(const service::UserProfile& profile) {
  Principal principal;
  principal.user_id = profile.user.id;
  principal.username = profile.user.username;
  principal.is_superuser = profile.user.is_superuser;
  principal.groups = profile.groups;
  if (profile.personnel && profile.personnel->active) principal.personnel_id = profile.personnel->id;
  if (profile.holder) principal.holder_id = profile.holder->id;
  return principal;
}

// Loads users and client applications through the auth service (one read transaction each).
class DatabaseUserLookup final : public UserLookup {
 public:
  explicit DatabaseUserLookup(storage::Database& database) : database_(database) {}

  Result<Principal> find_user(std::int64_t user_id) const override {
    MAMON_TRY(service::UserProfile profile, service::load_user_profile(database_, user_id));
    return principal_of(profile);
  }

  Result<Principal> find_client_application(std::string_view identifier,
                                            std::string_view /*user_claim*/) const override {
    // The registered row decides whose rights the client uses; the USER claim is informative.
    MAMON_TRY(service::UserProfile profile,
              service::load_client_application_user(database_, identifier));
    Principal principal = principal_of(profile);
    principal.client_application_id = std::string(identifier);
    return principal;
  }

 private:
  storage::Database& database_;
};

}  // namespace

std::unique_ptr<UserLookup> make_user_lookup(storage::Database& database) {
  return std::make_unique<DatabaseUserLookup>(database);
}

}  // namespace mamon::http
