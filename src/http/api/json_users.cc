#include "http/api/json_users.h"

#include <nlohmann/json.hpp>

#include "domain/media.h"
#include "http/api/json_money.h"

namespace mamon::http::api {
namespace {

service::UserProfile profile_of(const domain::HolderView& view) {
  service::UserProfile profile;
  profile.user = view.user;
  profile.personnel = view.personnel;
  profile.holder = view.holder;
  return profile;
}

}  // namespace

nlohmann::json user_to_json(const service::UserProfile& profile, std::string_view public_url) {
  const domain::User& user = profile.user;
  nlohmann::json out = {
      {"id", user.id},
      {"username", user.username},
      {"first_name", user.first_name},
      {"last_name", user.last_name},
      {"email", user.email},
      {"holder", nullptr},
      {"personel", nullptr},
      {"nickname", nullptr},
      {"image_url", domain::media_url(public_url, service::profile_image_path(profile),
                                      domain::MediaKind::kHolder)},
      {"name", user.display_name()},
  };
  if (profile.holder) out["holder"] = profile.holder->id;
  if (profile.personnel && profile.personnel->active) {
    out["personel"] = profile.personnel->id;
    out["nickname"] = profile.personnel->nickname;
  }
  return out;
}

nlohmann::json user_to_json(const domain::HolderView& view, std::string_view public_url) {
  return user_to_json(profile_of(view), public_url);
}

nlohmann::json holder_to_json(const domain::HolderView& view, std::string_view public_url) {
  const service::UserProfile profile = profile_of(view);
  nlohmann::json out = {
      {"id", view.holder.id},
      {"user", user_to_json(profile, public_url)},
      {"name", view.user.display_name()},
      {"image", domain::media_url(public_url, service::profile_image_path(profile),
                                  domain::MediaKind::kHolder)},
      {"stand", money_to_json(view.balance)},
      // Never null on the wire: the app calls ledenbase_id.toString() on every holder it lists
      // (API.md), and the old model's default for "none" was 0.
      {"ledenbase_id", view.holder.ledenbase_id.value_or(0)},
  };
  return out;
}

nlohmann::json card_to_json(const service::CardView& view, std::string_view public_url) {
  return {
      {"id", view.card.id},
      {"user", user_to_json(view.holder, public_url)},
      {"card_id", view.card.card_id},
      {"card_name", view.card.card_name},
  };
}

}  // namespace mamon::http::api
