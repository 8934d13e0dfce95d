#include "http/api/json_wallet_upgrades.h"

#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "http/api/json_money.h"

namespace mamon::http::api {

nlohmann::json wallet_upgrade_to_json(const domain::WalletUpgrade& upgrade) {
  nlohmann::json body{
      {"id", upgrade.id},
      {"holder", upgrade.holder_id},
      {"amount", money_to_json(upgrade.amount)},
      {"refund", upgrade.refund},
      {"cash", upgrade.method == domain::UpgradeMethod::kCash},
      {"pin", upgrade.method == domain::UpgradeMethod::kPin},
      {"mollie", upgrade.method == domain::UpgradeMethod::kMollie},
      {"comment", upgrade.comment},
      {"personel", nullptr},
      {"date", format_iso8601(upgrade.created_at_us)},
  };
  if (upgrade.personnel_id.has_value()) body["personel"] = *upgrade.personnel_id;
  return body;
}

}  // namespace mamon::http::api
