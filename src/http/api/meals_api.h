// Meals ("Happen", issue 10 item 3), the old system's paths and answers (gmadurov/Mamon
// backend/api/views_hap.py; shapes in json_meals.h), registered by register_meals_routes():
//   GET    /api/happen/                     [Happen], newest first                     (any login)
//   POST   /api/happen/                     Happen body -> 200 Happen (manage_meals) GET
//   /api/happen/{id}/                Happen; 404                                (any login) PUT
//   /api/happen/{id}/                the fields named change -> 200 Happen      (manage_meals)
//   DELETE /api/happen/{id}/                200 "Item deleted"; 409 once charged (manage_meals)
//   POST   /api/happen/{id}/leden/          {"holder": {"ledenbase_id"}, "quantity", "comment"}
//                                           -> 200 HapOrder; no holder: the caller's own
//   GET    /api/happen/{id}/leden/{ledenbase_id}/   true / false (a bare JSON boolean)
//   POST   /api/happen/{id}/leden/{ledenbase_id}/   {"quantity", "comment"} -> 200 HapOrder
//   DELETE /api/happen/{id}/leden/{ledenbase_id}/   200 {"message": "Holder uitgeschreven"}
//   GET    /api/happen/{id}/pay/            {"payed": [HapPayment], "not_payed": [HapOrder]}
//                                                                                      (manage_meals)
//   POST   /api/happen/{id}/pay/            charges: {"payed": [HapPayment], "not_payed":
//                                           [SimpleHolder + "quantity", "amount"]}   (manage_meals)
// {ledenbase_id} is a ledenbase id; somebody else's needs manage_meals (service/meals_service.h).
// Errors are the API's envelope: 400 bad fields, 403, 404 (meal, or a ledenbase id in the path
// unknown here; also "not signed up"), 409 (signed up already, full, closed, charged).
#pragma once

#include "http/router.h"
#include "http/routes.h"

namespace mamon::http::api {

void register_meals_routes(Router& router, AppContext& context);

}  // namespace mamon::http::api
