// Purchases and the personnel who sell them as JSON (API.md "Purchases").
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string_view>

#include "domain/users.h"
#include "service/purchases_service.h"

namespace mamon::http::api {

// Personnel: {"id", "nickname", "image": <absolute URL or "">, "user": <user id>, "active"}.
// Image paths become absolute URLs under `public_url`, the default picture when there is none
// (domain::media_url): never "".
nlohmann::json personnel_to_json(const domain::Personnel& personnel, std::string_view public_url);

// {"id", "created", "seller": Personnel, "buyer": <holder id or null>, "orders": [{"id",
// "product", "quantity", "price": <unit price snapshot>}], "balance", "cash", "pin", "total",
// "remaining_after_purchase": <buyer's balance right after, null for cash/pin>}.
nlohmann::json purchase_to_json(const service::PurchaseView& view, std::string_view public_url);

}  // namespace mamon::http::api
