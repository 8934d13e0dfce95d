#include "http/api/online_top_ups_api.h"

#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "base/limits.h"
#include "http/api/json_money.h"
#include "http/api/request_input.h"
#include "http/form_body.h"
#include "http/json_body.h"
#include "service/online_top_ups_service.h"

namespace mamon::http::api {
namespace {

Result<const service::MollieGateway*> gateway_of(const AppContext& context) {
  if (context.mollie == nullptr) {
    return make_error(ErrorCode::kUnavailable,
                      "Online top-ups are not configured on this server (MOLLIE_API_KEY).");
  }
  return context.mollie;
}

}  // namespace

nlohmann::json online_top_up_to_json(const domain::MolliePayment& payment) {
  return {
      {"id", payment.id},
      {"amount", money_to_json(payment.amount)},
      {"checkout_url", payment.checkout_url},
      {"status", payment.status},
      {"created", format_iso8601(payment.created_at_us)},
      {"paid", payment.paid_at_us ? nlohmann::json(format_iso8601(*payment.paid_at_us))
                                  : nlohmann::json(nullptr)},
  };
}

Handler start_online_top_up(AppContext& context) {
  return [&context](const Request& request) -> Result<Response> {
    MAMON_TRY(nlohmann::json body, parse_json_body(request));
    MAMON_RETURN_IF_ERROR(require_object(body));
    auto amount_field = body.find("amount");
    if (amount_field == body.end()) {
      return make_error(ErrorCode::kInvalidInput, "This field is required.", "amount");
    }
    service::OnlineTopUpRequest top_up;
    MAMON_TRY(top_up.amount, money_from_json(*amount_field, "amount"));
    top_up.idempotency_key = idempotency_key_of(request);
    MAMON_TRY(const service::MollieGateway* mollie, gateway_of(context));
    MAMON_TRY(domain::MolliePayment payment,
              service::start_online_top_up(
                  context.database, context.clock, *mollie, caller_of(request), top_up,
                  service::online_top_up_settings(context.config.public_url)));
    return Response::json(201, online_top_up_to_json(payment));
  };
}

Handler list_online_top_ups(AppContext& context) {
  return [&context](const Request& request) -> Result<Response> {
    MAMON_TRY(service::PageRequest page, page_request_of(request, limits::kPageSizeDefault));
    MAMON_TRY(service::Page<domain::MolliePayment> payments,
              service::list_online_top_ups(context.database, caller_of(request), page));
    return page_response(payments, online_top_up_to_json);
  };
}

Handler mollie_webhook(AppContext& context) {
  return [&context](const Request& request) -> Result<Response> {
    MAMON_TRY(QueryParams form, parse_form_body(request));
    std::optional<std::string_view> id = form.get("id");
    if (!id) return make_error(ErrorCode::kInvalidInput, "This field is required.", "id");
    MAMON_TRY(const service::MollieGateway* mollie, gateway_of(context));
    MAMON_TRY(service::WebhookOutcome outcome,
              service::handle_mollie_webhook(context.database, context.clock, *mollie, *id));
    return Response::json(200, {{"status", service::webhook_outcome_name(outcome)}});
  };
}

void register_online_top_ups_routes(Router& router, AppContext& context) {
  router.add(Method::kPost, "/api/wallet/opwarderen", start_online_top_up(context));
  router.add(Method::kGet, "/api/wallet/opwarderen", list_online_top_ups(context));
  router.add(Method::kPost, "/mollie/webhook", mollie_webhook(context),
             {.auth = Auth::kNone, .body = BodyKind::kAny});
}

}  // namespace mamon::http::api
