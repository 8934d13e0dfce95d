#include "http/api/json_meals.h"

#include "base/clock.h"
#include "http/api/json_money.h"

namespace mamon::http::api {
namespace {

Error invalid(std::string field, std::string message) {
  return make_error(ErrorCode::kInvalidInput, std::move(message), std::move(field));
}

// The field's value, or null when absent; a required absent field is an error.
Result<const nlohmann::json*> field(const nlohmann::json& body, const char* name, bool required) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    if (required) return invalid(name, "This field is required.");
    return static_cast<const nlohmann::json*>(nullptr);
  }
  return &*it;
}

Status read_time(const nlohmann::json& body, const char* name, bool required, TimestampUs& out) {
  MAMON_TRY(const nlohmann::json* value, field(body, name, required));
  if (!value) return ok_status();
  Result<TimestampUs> t = value->is_string() ? parse_iso8601(value->get<std::string>())
                                             : Result<TimestampUs>(invalid(name, ""));
  if (!t.ok()) {
    return invalid(name, "Enter a date and time such as 2026-11-30T19:00:00+01:00.");
  }
  out = *t;
  return ok_status();
}

Status read_text(const nlohmann::json& body, const char* name, bool required, std::string& out) {
  MAMON_TRY(const nlohmann::json* value, field(body, name, required));
  if (!value) return ok_status();
  if (!value->is_string()) return invalid(name, "Not a valid string.");
  out = value->get<std::string>();
  return ok_status();
}

}  // namespace

nlohmann::json simple_holder_to_json(const storage::MealSignupRow& s) {
  std::string name = s.first_name;
  if (!s.last_name.empty()) name += (name.empty() ? "" : " ") + s.last_name;
  return {{"id", s.holder_id}, {"ledenbase_id", s.ledenbase_id.value_or(0)}, {"name", name}};
}

nlohmann::json hap_order_to_json(const storage::MealSignupRow& s) {
  return {{"id", s.id},
          {"holder", simple_holder_to_json(s)},
          {"quantity", s.portions},
          {"comment", s.comment}};
}

nlohmann::json hap_payment_to_json(const storage::MealSignupRow& s) {
  return {{"id", s.id},
          {"holder", simple_holder_to_json(s)},
          {"quantity", s.portions},
          {"happen", s.meal_id},
          {"amount", money_to_json(s.charged)},
          {"paid_in_old_system", s.paid_in_old_system}};
}

nlohmann::json happen_to_json(const service::MealDetail& d) {
  nlohmann::json participants = nlohmann::json::array();
  nlohmann::json deducted = nlohmann::json::array();
  for (const storage::MealSignupRow& s : d.signups) {
    participants.push_back(s.holder_id);
    if (s.is_settled()) deducted.push_back(s.holder_id);
  }
  const domain::Meal& m = d.meal;
  return {{"id", m.id},
          {"date", format_iso8601(m.meal_at_us)},
          {"title", m.title},
          {"description", m.description},
          {"opening_date", format_iso8601(m.signup_opens_at_us)},
          {"closing_date", format_iso8601(m.signup_closes_at_us)},
          {"cost", money_to_json(m.cost_per_portion)},
          {"max_participants", m.participants_max},
          {"participants", std::move(participants)},
          {"deducted_from", std::move(deducted)}};
}

Result<domain::MealFields> meal_fields_from_json(const nlohmann::json& body,
                                                 domain::MealFields base, bool required) {
  if (!body.is_object()) return make_error(ErrorCode::kInvalidJson, "Expected a JSON object.");
  MAMON_RETURN_IF_ERROR(read_text(body, "title", required, base.title));
  MAMON_RETURN_IF_ERROR(read_text(body, "description", false, base.description));
  MAMON_RETURN_IF_ERROR(read_time(body, "date", required, base.meal_at_us));
  MAMON_RETURN_IF_ERROR(read_time(body, "opening_date", required, base.signup_opens_at_us));
  MAMON_RETURN_IF_ERROR(read_time(body, "closing_date", required, base.signup_closes_at_us));
  MAMON_TRY(const nlohmann::json* cost, field(body, "cost", false));
  if (cost) {
    Result<Cents> amount = money_from_json(*cost, "cost");
    if (!amount.ok()) return invalid("cost", "Enter a cost per portion in euros, such as 3.5.");
    base.cost_per_portion = *amount;
  }
  MAMON_TRY(const nlohmann::json* max, field(body, "max_participants", false));
  if (max) {
    if (!max->is_number_integer())
      return invalid("max_participants", "A valid integer is required.");
    base.participants_max = max->get<std::int64_t>();
  }
  return base;
}

}  // namespace mamon::http::api
