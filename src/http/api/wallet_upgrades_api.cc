#include "http/api/wallet_upgrades_api.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "base/limits.h"
#include "http/api/json_money.h"
#include "http/api/json_wallet_upgrades.h"
#include "http/api/request_input.h"
#include "http/api/staff_credentials_input.h"
#include "http/json_body.h"
#include "service/staff_credentials.h"
#include "service/wallet_upgrades_service.h"

namespace mamon::http::api {
namespace {

struct ParsedUpgrade {
  service::WalletUpgradeRequest request;
  std::optional<service::StaffCredentials> credentials;
};

Status parse_holder(const nlohmann::json& body, service::WalletUpgradeRequest& request) {
  auto holder = body.find("holder");
  if (holder == body.end() || !holder->is_object()) {
    return make_error(ErrorCode::kInvalidInput, "holder must be {\"id\"} or {\"ledenbase_id\"}.",
                      "holder");
  }
  MAMON_TRY(request.holder_id, optional_int_field(*holder, "id", "holder.id"));
  MAMON_TRY(request.ledenbase_id,
            optional_int_field(*holder, "ledenbase_id", "holder.ledenbase_id"));
  return ok_status();
}

Result<ParsedUpgrade> parse_upgrade(const Request& request) {
  MAMON_TRY(nlohmann::json body, parse_json_body(request));
  MAMON_RETURN_IF_ERROR(require_object(body));
  ParsedUpgrade parsed;
  domain::WalletUpgradeInput& input = parsed.request.input;
  auto amount = body.find("amount");
  if (amount == body.end()) {
    return make_error(ErrorCode::kInvalidInput, "This field is required.", "amount");
  }
  MAMON_TRY(input.amount, money_from_json(*amount, "amount"));
  MAMON_TRY(input.refund, bool_field(body, "refund", "refund"));
  MAMON_TRY(input.cash, bool_field(body, "cash", "cash"));
  MAMON_TRY(input.pin, bool_field(body, "pin", "pin"));
  MAMON_TRY(input.comment, string_field(body, "comment", "comment"));
  MAMON_RETURN_IF_ERROR(parse_holder(body, parsed.request));
  MAMON_TRY(parsed.credentials, staff_credentials_of(body));
  parsed.request.idempotency_key = idempotency_key_of(request);
  return parsed;
}

}  // namespace

Handler create_wallet_upgrade(AppContext& context) {
  return [&context](const Request& request) -> Result<Response> {
    MAMON_TRY(ParsedUpgrade parsed, parse_upgrade(request));
    const domain::Caller caller = caller_of(request);
    if (parsed.credentials.has_value()) {
      Result<domain::Personnel> staff =
          service::verify_staff_credentials(context.database, caller, *parsed.credentials);
      if (!staff.ok() && staff.error().code == ErrorCode::kInvalidCredentials) {
        // The app's contract (API.md): wrong embedded credentials are 501 "Seller not found".
        return Response::error_envelope(501, "seller_not_found", "Seller not found");
      }
      if (!staff.ok()) return staff.error();
      parsed.request.handled_by_personnel_id = staff->id;
    }
    MAMON_TRY(
        service::WalletUpgradeResult result,
        service::record_wallet_upgrade(context.database, context.clock, caller, parsed.request));
    nlohmann::json body = wallet_upgrade_to_json(result.upgrade);
    body["stand"] = money_to_json(result.balance);
    return Response::json(201, body);
  };
}

Handler list_wallet_upgrades(AppContext& context) {
  return [&context](const Request& request) -> Result<Response> {
    MAMON_TRY(service::PageRequest page, page_request_of(request, limits::kPageSizeDefault));
    MAMON_TRY(service::Page<domain::WalletUpgrade> upgrades,
              service::list_wallet_upgrades(context.database, caller_of(request), page));
    return page_response(upgrades, wallet_upgrade_to_json);
  };
}

void register_wallet_upgrades_routes(Router& router, AppContext& context) {
  router.add(Method::kPost, "/api/walletupgrades", create_wallet_upgrade(context));
  router.add(Method::kGet, "/api/walletupgrades", list_wallet_upgrades(context));
}

}  // namespace mamon::http::api
