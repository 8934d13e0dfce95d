// Serialisers of people and cards (API.md "User object", "Holders and cards"):
//   User    {"id", "username", "first_name", "last_name", "email", "holder", "personel",
//            "nickname", "image_url", "name"}
//   Holder  {"id", "user": User, "name", "image", "stand", "ledenbase_id"}
//   Card    {"id", "user": User, "card_id", "card_name"}
// Image paths become absolute URLs under `public_url`, the default picture when there is none
// (domain::media_url): never "".
#pragma once

#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "domain/users.h"
#include "service/auth_service.h"
#include "service/cards_service.h"

namespace mamon::http::api {

nlohmann::json user_to_json(const service::UserProfile& profile, std::string_view public_url);
nlohmann::json user_to_json(const domain::HolderView& view, std::string_view public_url);
nlohmann::json holder_to_json(const domain::HolderView& view, std::string_view public_url);
nlohmann::json card_to_json(const service::CardView& view, std::string_view public_url);

}  // namespace mamon::http::api
