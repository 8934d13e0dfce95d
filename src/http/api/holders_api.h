// The holder and card endpoints (API.md "Holders and cards"), registered by
// register_holders_routes():
//   GET    /api/holders/             [Holder]; personnel / board / superuser: all, filtered by
//                                    ?search= (names, username, ledenbase id, card UID), paginated
//                                    by ?page=&page_size= (default 500), X-Total-Count; anybody
//                                    else: only their own holder
//   POST   /api/holders/             body a JSON string = the search -> [Holder] (the app cannot
//                                    send GET bodies); any other JSON value 400
//   GET    /api/holders/{id}         Holder; 404 if unknown, 403 if not the caller's and the
//                                    caller may not search holders
//   POST   /api/holders/cards/       {"card_id", "card_name", "user": {"id"}} -> 201
//                                    {"message": "Card added to holder", "card": Card, ...Card}
//   GET    /api/cards/{card_id}/     Card (UID case-insensitive); 404 if unknown or blocked
//   POST   /api/cards/               {"card_id", "card_name"} links a card to the caller -> 201
//   DELETE /api/cards/{card_id}/     {"message": "Card deleted successfully!"}
// A UID linked already is 409 "card_already_linked".
#pragma once

#include "http/router.h"
#include "http/routes.h"

namespace mamon::http::api {

void register_holders_routes(Router& router, AppContext& context);

}  // namespace mamon::http::api
