// The bar's wallet top-up / refund endpoints (API.md "Wallet top-ups and refunds"), registered by
// register_wallet_upgrades_routes():
//   POST /api/walletupgrades/  {"amount", "refund", "cash", "pin", "comment", "holder": {"id"} or
//                              {"ledenbase_id"}, "personel": {"username", "password"} (optional)}.
//                              The caller must be personnel (403 "not_personnel"; refunds also
//                              the board, service::record_wallet_upgrade). Embedded credentials
//                              name the staff member who handled the money; wrong ones answer
//                              501 {"message": "Seller not found"} — the app's contract, never
//                              401 (which would log the tablet out). Without them the caller's
//                              own personnel record is stored. Optional Idempotency-Key header.
//                              -> 201 upgrade (json_wallet_upgrades.h) + "stand": the holder's
//                              balance right after it (for a replay, the balance now).
//   GET /api/walletupgrades/   newest first, ?page=&page_size= (default 20, max 500),
//                              X-Total-Count; personnel see all, others their own.
#pragma once

#include "http/router.h"
#include "http/routes.h"

namespace mamon::http::api {

Handler create_wallet_upgrade(AppContext& context);
Handler list_wallet_upgrades(AppContext& context);

void register_wallet_upgrades_routes(Router& router, AppContext& context);

}  // namespace mamon::http::api
