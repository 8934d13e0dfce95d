// Meals on the wire, in the old system's shapes (gmadurov/Mamon backend/api/serializers.py:
// HappenSerializer, HapOrderHolderSerializer, HapPaymentHolderSerializer, SimpleHolderSerializer)
// so that the association's other websites keep working:
//   Happen     {"id", "date", "title", "description", "opening_date", "closing_date",
//               "cost": <euros>, "max_participants", "participants": [holder id],
//               "deducted_from": [holder id of each settled sign-up]}
//   HapOrder   {"id", "holder": SimpleHolder, "quantity", "comment"}
//   HapPayment {"id", "holder": SimpleHolder, "quantity", "happen": <meal id>,
//               "amount": <euros charged, 0 when paid in the old system>, "paid_in_old_system"}
//   SimpleHolder {"id", "ledenbase_id" (0 when none), "name"}
// Times are ISO 8601 in the configured zone.
#pragma once

#include <nlohmann/json.hpp>

#include "base/result.h"
#include "domain/meals.h"
#include "service/meals_service.h"
#include "storage/meals_repo.h"

namespace mamon::http::api {

nlohmann::json happen_to_json(const service::MealDetail& detail);
nlohmann::json hap_order_to_json(const storage::MealSignupRow& signup);
nlohmann::json hap_payment_to_json(const storage::MealSignupRow& signup);
nlohmann::json simple_holder_to_json(const storage::MealSignupRow& signup);

// The fields of a Happen body over `base`: a field that is absent keeps base's value (an update
// names only what changes; a create starts from empty fields, so `required` lists the fields it
// must name). Errors kInvalidInput naming the field: a required one absent ("This field is
// required."), a time that is not ISO 8601, a cost that is not money, a maximum that is not an
// integer, a title or description that is not a string.
Result<domain::MealFields> meal_fields_from_json(const nlohmann::json& body,
                                                 domain::MealFields base, bool required);

}  // namespace mamon::http::api
