// Wallet upgrades (top-ups and refunds) as JSON (API.md "Wallet top-ups and refunds").
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "domain/wallet_upgrades.h"

namespace mamon::http::api {

// {"id", "holder": <holder id>, "amount", "refund", "cash", "pin", "mollie", "comment",
// "personel": <personnel id or null>, "date"}. "amount" is always positive; "refund" gives the
// direction.
nlohmann::json wallet_upgrade_to_json(const domain::WalletUpgrade& upgrade);

}  // namespace mamon::http::api
