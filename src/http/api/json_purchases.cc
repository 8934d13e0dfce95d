#include "http/api/json_purchases.h"

#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "domain/media.h"
#include "http/api/json_money.h"
#include "service/auth_service.h"

namespace mamon::http::api {

nlohmann::json personnel_to_json(const domain::Personnel& personnel, std::string_view public_url) {
  return nlohmann::json{
      {"id", personnel.id},
      {"nickname", personnel.nickname},
      {"image", domain::media_url(public_url, personnel.image, domain::MediaKind::kPersonnel)},
      {"user", personnel.user_id},
      {"active", personnel.active}};
}

nlohmann::json purchase_to_json(const service::PurchaseView& view, std::string_view public_url) {
  const domain::Purchase& purchase = view.purchase;
  nlohmann::json orders = nlohmann::json::array();
  for (const domain::OrderLine& line : purchase.lines) {
    orders.push_back(nlohmann::json{{"id", line.id},
                                    {"product", line.product_id},
                                    {"quantity", line.quantity},
                                    {"price", money_to_json(line.unit_price)}});
  }
  nlohmann::json body{
      {"id", purchase.id},
      {"created", format_iso8601(purchase.created_at_us)},
      {"seller", personnel_to_json(view.seller, public_url)},
      {"buyer", nullptr},
      {"orders", std::move(orders)},
      {"balance", purchase.method == domain::PaymentMethod::kBalance},
      {"cash", purchase.method == domain::PaymentMethod::kCash},
      {"pin", purchase.method == domain::PaymentMethod::kPin},
      {"total", money_to_json(purchase.total)},
      {"remaining_after_purchase", nullptr},
  };
  if (purchase.buyer_holder_id.has_value()) body["buyer"] = *purchase.buyer_holder_id;
  if (purchase.balance_after.has_value()) {
    body["remaining_after_purchase"] = money_to_json(*purchase.balance_after);
  }
  return body;
}

}  // namespace mamon::http::api
