// The purchases endpoints (API.md "Purchases"), registered by register_purchases_routes():
//   POST /api/purchases/       sell; the caller's active personnel record is the seller (403
//                              "not_personnel" otherwise). Body {"orders": [{"product",
//                              "quantity"}], "balance", "cash", "pin", "buyer"}; "seller" and
//                              "remaining_after_purchase" are ignored, absent flags are false,
//                              "buyer": null is no buyer. Optional Idempotency-Key header: a
//                              retry with the same body answers the first 201 again.
//                              -> 201 Purchase (json_purchases.h)
//   GET /api/purchases/        newest first, ?page=&page_size= (default 20, max 500),
//                              X-Total-Count. Personnel/board/superusers see all, others their
//                              own (service::list_purchases).
//   GET /api/purchases/{id}    one purchase; 404 if unknown or not visible to the caller.
#pragma once

#include "http/router.h"
#include "http/routes.h"

namespace mamon::http::api {

Handler create_purchase(AppContext& context);
Handler list_purchases(AppContext& context);
Handler get_purchase(AppContext& context);

void register_purchases_routes(Router& router, AppContext& context);

}  // namespace mamon::http::api
