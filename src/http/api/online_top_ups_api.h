// Online top-ups through Mollie (API.md "Online top-up"), registered by
// register_online_top_ups_routes():
//   POST /api/wallet/opwarderen/  {"amount"} for the caller's own wallet (1.00 .. 500.00)
//                                 -> 201 online_top_up_to_json(): {"id", "amount",
//                                 "checkout_url", "status", "created", "paid"}; the member pays at
//                                 checkout_url. 503 when Mollie is not configured (no
//                                 MOLLIE_API_KEY) or did not accept the payment. Optional
//                                 Idempotency-Key: a retry returns the first payment.
//   GET /api/wallet/opwarderen/   the caller's own, newest first, ?page=&page_size=, X-Total-Count.
//   POST /mollie/webhook/         public; form field id=tr_... (Mollie's webhook). The payment is
//                                 re-fetched from Mollie, never taken from the body, and the
//                                 wallet is credited exactly once (service::handle_mollie_webhook).
//                                 -> 200 {"status": "credited" | "already_credited" |
//                                 "status_updated" | "unchanged" | "ignored"}; 400 for a missing or
//                                 malformed id; 503 when Mollie cannot be asked (Mollie retries);
//                                 409 when Mollie's payment does not match ours (nothing credited).
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "domain/online_top_ups.h"
#include "http/router.h"
#include "http/routes.h"

namespace mamon::http::api {

nlohmann::json online_top_up_to_json(const domain::MolliePayment& payment);

Handler start_online_top_up(AppContext& context);
Handler list_online_top_ups(AppContext& context);
Handler mollie_webhook(AppContext& context);

void register_online_top_ups_routes(Router& router, AppContext& context);

}  // namespace mamon::http::api
