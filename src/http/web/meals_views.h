// View pieces of the meal pages (/meals/ for members, /manage/meals/ for the board;
// meals_page.cc, manage_meals_page.cc): the board's form as typed and its reading into
// domain::MealFields, date-times as the form's datetime-local fields write them (local time of
// TIME_ZONE), and the texts of the service's errors. Every rule is the service's
// (service/meals_service.h). Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "domain/meals.h"
#include "http/web/page.h"

namespace mamon::http::web {

// "2026-11-30T19:00" in the configured zone (a datetime-local input's value).
std::string local_input_time(TimestampUs at_us);
// The inverse; none for anything that is not YYYY-MM-DDTHH:MM (or :SS) of a real local time.
std::optional<TimestampUs> parse_local_input_time(std::string_view text);

struct MealFieldError {
  std::string field;  // the input's name: "title", "date", "opening_date", ...
  std::string text;   // translated
};

// The board's form as typed (fields kept as typed when re-rendered).
struct MealFormView {
  std::string title, description, date, opening_date, closing_date, cost, max_participants = "0";
  std::vector<MealFieldError> errors;
};

MealFormView meal_form_of(const Page& page, const domain::Meal& meal);
MealFormView blank_meal_form(const Page& page, TimestampUs now_us);
MealFormView posted_meal_form(const Page& page);
// The typed form as fields; a field that does not parse adds its error to form.errors.
domain::MealFields meal_fields_of(const Page& page, MealFormView& form);

// The view of {{> _meal_form}} (in manage_meal.mustache): values, errors, the error summary.
nlohmann::json meal_form_view(const Page& page, const MealFormView& form);

// portions x cost per portion (domain::meal_charge_amount; 0 on an overflow the limits exclude).
Cents meal_amount(const domain::Meal& meal, std::int64_t portions);

// The text of a service error with a field, in the page's language ("meals.error.<field>").
std::string meal_error_text(const Page& page, const Error& error);

}  // namespace mamon::http::web
