#include "http/api/meals_api.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "http/api/json_meals.h"
#include "http/api/json_money.h"
#include "http/api/request_input.h"
#include "http/json_body.h"
#include "service/meals_service.h"

namespace mamon::http::api {
namespace {

// A ledenbase id in the path that names nobody is an unknown object (404).
Error path_holder_not_found(Error error) {
  if (error.code == ErrorCode::kHolderNotFound) error.code = ErrorCode::kNotFound;
  return error;
}

service::MealParticipant path_participant(const Request& request) {
  service::MealParticipant who;
  who.ledenbase_id = request.path_int("ledenbase_id");
  return who;
}

// {"holder": {"ledenbase_id"} or {"id"}}; absent: the caller's own.
Result<service::MealParticipant> body_participant(const nlohmann::json& body) {
  service::MealParticipant who;
  auto it = body.find("holder");
  if (it == body.end() || it->is_null()) return who;
  if (!it->is_object()) {
    return make_error(ErrorCode::kInvalidInput, "Name the holder as {\"ledenbase_id\": n}.",
                      "holder");
  }
  MAMON_TRY(who.ledenbase_id, optional_int_field(*it, "ledenbase_id", "holder.ledenbase_id"));
  if (who.ledenbase_id == 0) who.ledenbase_id.reset();  // the old "none"
  if (!who.ledenbase_id) {
    MAMON_TRY(who.holder_id, optional_int_field(*it, "id", "holder.id"));
  }
  if (!who.ledenbase_id && !who.holder_id) {
    return make_error(ErrorCode::kInvalidInput, "Name the holder as {\"ledenbase_id\": n}.",
                      "holder");
  }
  return who;
}

struct SignupBody {
  std::int64_t portions = 1;
  std::string comment;
};
Result<SignupBody> signup_body(const nlohmann::json& body) {
  SignupBody out;
  // The old serializer's IntegerField also took "2": the other websites may send either.
  auto it = body.find("quantity");
  if (it != body.end() && it->is_string()) {
    const std::string text = it->get<std::string>();
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
      return make_error(ErrorCode::kInvalidInput, "A valid integer is required.", "quantity");
    }
    out.portions = value;
  } else {
    MAMON_TRY(std::optional<std::int64_t> quantity,
              optional_int_field(body, "quantity", "quantity"));
    if (quantity) out.portions = *quantity;
  }
  MAMON_TRY(out.comment, string_field(body, "comment", "comment"));
  return out;
}

// An empty body is an empty object here (the old views read request.data).
Result<nlohmann::json> object_body(const Request& request) {
  if (request.body.empty()) return nlohmann::json::object();
  MAMON_TRY(nlohmann::json body, parse_json_body(request));
  MAMON_RETURN_IF_ERROR(require_object(body));
  return body;
}

Result<Response> happen_response(storage::Database& db, std::int64_t meal_id) {
  MAMON_TRY(service::MealDetail detail, service::get_meal(db, meal_id));
  return Response::json(200, happen_to_json(detail));
}

Result<Response> sign_up(storage::Database& db, const Clock& clock, const Request& request,
                         const service::MealParticipant& who, const nlohmann::json& body) {
  MAMON_TRY(SignupBody input, signup_body(body));
  MAMON_TRY(storage::MealSignupRow row,
            service::sign_up_for_meal(db, clock, caller_of(request), request.path_int("id"), who,
                                      input.portions, input.comment));
  return Response::json(200, hap_order_to_json(row));
}

nlohmann::json payments_json(const std::vector<storage::MealSignupRow>& rows) {
  nlohmann::json out = nlohmann::json::array();
  for (const storage::MealSignupRow& s : rows) out.push_back(hap_payment_to_json(s));
  return out;
}

}  // namespace

void register_meals_routes(Router& router, AppContext& context) {
  storage::Database& db = context.database;
  const Clock& clock = context.clock;

  router.add(Method::kGet, "/api/happen", [&db](const Request&) -> Result<Response> {
    MAMON_TRY(std::vector<service::MealDetail> meals, service::list_meal_details(db));
    nlohmann::json out = nlohmann::json::array();
    for (const service::MealDetail& m : meals) out.push_back(happen_to_json(m));
    return Response::json(200, out);
  });

  router.add(
      Method::kPost, "/api/happen", [&db, &clock](const Request& request) -> Result<Response> {
        MAMON_RETURN_IF_ERROR(service::may_manage_meals(caller_of(request)));
        MAMON_TRY(nlohmann::json body, object_body(request));
        MAMON_TRY(domain::MealFields fields, meal_fields_from_json(body, {}, true));
        MAMON_TRY(std::int64_t id, service::create_meal(db, clock, caller_of(request), fields));
        return happen_response(db, id);
      });

  router.add(Method::kGet, "/api/happen/{id}",
             [&db](const Request& request) { return happen_response(db, request.path_int("id")); });

  router.add(
      Method::kPut, "/api/happen/{id}", [&db, &clock](const Request& request) -> Result<Response> {
        const std::int64_t id = request.path_int("id");
        MAMON_RETURN_IF_ERROR(service::may_manage_meals(caller_of(request)));
        MAMON_TRY(nlohmann::json body, object_body(request));
        MAMON_TRY(service::MealDetail before, service::get_meal(db, id));
        const domain::Meal& m = before.meal;
        domain::MealFields base{m.title,
                                m.description,
                                m.meal_at_us,
                                m.signup_opens_at_us,
                                m.signup_closes_at_us,
                                m.cost_per_portion,
                                m.participants_max};
        MAMON_TRY(domain::MealFields fields, meal_fields_from_json(body, base, false));
        MAMON_RETURN_IF_ERROR(service::update_meal(db, clock, caller_of(request), id, fields));
        return happen_response(db, id);
      });

  router.add(Method::kDelete, "/api/happen/{id}",
             [&db, &clock](const Request& request) -> Result<Response> {
               MAMON_RETURN_IF_ERROR(
                   service::delete_meal(db, clock, caller_of(request), request.path_int("id")));
               return Response::json(200, "Item deleted");
             });

  router.add(Method::kPost, "/api/happen/{id}/leden",
             [&db, &clock](const Request& request) -> Result<Response> {
               MAMON_TRY(nlohmann::json body, object_body(request));
               MAMON_TRY(service::MealParticipant who, body_participant(body));
               return sign_up(db, clock, request, who, body);
             });

  router.add(Method::kGet, "/api/happen/{id}/leden/{ledenbase_id}",
             [&db](const Request& request) -> Result<Response> {
               Result<bool> signed_up = service::is_signed_up_for_meal(
                   db, caller_of(request), request.path_int("id"), path_participant(request));
               if (!signed_up) return path_holder_not_found(std::move(signed_up).error());
               return Response::json(200, *signed_up);
             });

  router.add(Method::kPost, "/api/happen/{id}/leden/{ledenbase_id}",
             [&db, &clock](const Request& request) -> Result<Response> {
               MAMON_TRY(nlohmann::json body, object_body(request));
               Result<Response> r = sign_up(db, clock, request, path_participant(request), body);
               if (!r) return path_holder_not_found(std::move(r).error());
               return r;
             });

  router.add(Method::kDelete, "/api/happen/{id}/leden/{ledenbase_id}",
             [&db, &clock](const Request& request) -> Result<Response> {
               Status out =
                   service::sign_out_of_meal(db, clock, caller_of(request), request.path_int("id"),
                                             path_participant(request));
               if (!out.ok()) return path_holder_not_found(std::move(out).error());
               return Response::json(200, {{"message", "Holder uitgeschreven"}});
             });

  router.add(
      Method::kGet, "/api/happen/{id}/pay", [&db](const Request& request) -> Result<Response> {
        MAMON_TRY(service::MealPayments payments,
                  service::meal_payments(db, caller_of(request), request.path_int("id")));
        nlohmann::json not_payed = nlohmann::json::array();
        for (const storage::MealSignupRow& s : payments.unsettled) {
          not_payed.push_back(hap_order_to_json(s));
        }
        return Response::json(
            200, {{"payed", payments_json(payments.settled)}, {"not_payed", std::move(not_payed)}});
      });

  router.add(Method::kPost, "/api/happen/{id}/pay",
             [&db, &clock](const Request& request) -> Result<Response> {
               const std::int64_t id = request.path_int("id");
               MAMON_TRY(service::ChargeOutcome outcome,
                         service::charge_meal(db, clock, caller_of(request), id));
               MAMON_TRY(service::MealPayments payments,
                         service::meal_payments(db, caller_of(request), id));
               nlohmann::json not_payed = nlohmann::json::array();
               for (const service::UnpaidSignup& u : outcome.could_not_pay) {
                 nlohmann::json holder = simple_holder_to_json(u.signup);
                 holder["quantity"] = u.signup.portions;
                 holder["amount"] = money_to_json(u.amount);
                 not_payed.push_back(std::move(holder));
               }
               return Response::json(200, {{"payed", payments_json(payments.settled)},
                                           {"not_payed", std::move(not_payed)}});
             });
}

}  // namespace mamon::http::api
