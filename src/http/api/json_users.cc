#include "http/api/json_users.h"

#include <nlohmann/json.hpp>

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
      {"image_url", service::absolute_media_url(public_url, service::profile_image_path(profile))},
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
      {"image", service::absolute_media_url(public_url, service::profile_image_path(profile))},
      {"stand", money_to_json(view.balance)},
      {"ledenbase_id", nullptr},
  };
  if (view.holder.ledenbase_id) out["ledenbase_id"] = *view.holder.ledenbase_id;
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
