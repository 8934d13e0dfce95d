#include "domain/meals.h"

#include "base/limits.h"

namespace mamon::domain {
namespace {

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

Error invalid(std::string field, std::string message) {
  return make_error(ErrorCode::kInvalidInput, std::move(message), std::move(field));
}

}  // namespace

Result<MealFields> check_meal_fields(MealFields fields) {
  fields.title = trimmed(fields.title);
  fields.description = trimmed(fields.description);
  if (fields.title.empty() || fields.title.size() > limits::kNameLengthMax) {
    return invalid("title", "A title of 1 to 150 characters is required.");
  }
  if (fields.description.size() > limits::kCommentLengthMax) {
    return invalid("description", "A description has at most 2000 characters.");
  }
  if (fields.signup_closes_at_us < fields.signup_opens_at_us) {
    return invalid("closing_date", "Sign-up cannot close before it opens.");
  }
  if (fields.cost_per_portion.value() < 0 ||
      fields.cost_per_portion.value() > limits::kMoneyAbsMaxCents) {
    return invalid("cost", "Enter a cost per portion of 0 or more euros.");
  }
  if (fields.participants_max < 0 || fields.participants_max > kMealParticipantsMax) {
    return invalid("max_participants", "Enter a maximum of 0 (none) or more participants.");
  }
  return fields;
}

bool signup_open(const Meal& meal, TimestampUs now_us) {
  return meal.signup_opens_at_us <= now_us && now_us <= meal.signup_closes_at_us;
}

bool has_room(const Meal& meal, std::int64_t signups) {
  return meal.participants_max == 0 || signups < meal.participants_max;
}

Status check_signup(const Meal& meal, std::int64_t signups, std::int64_t portions,
                    const std::string& comment, TimestampUs now_us) {
  if (portions < 1 || portions > kMealPortionsMax) {
    return invalid("quantity", "Sign up for 1 to 1000 portions.");
  }
  if (comment.size() > kMealCommentLengthMax) {
    return invalid("comment", "A comment has at most 200 characters.");
  }
  if (now_us < meal.signup_opens_at_us) {
    return make_error(ErrorCode::kConflict, "Sign-up for this meal has not opened yet.", "date");
  }
  if (now_us > meal.signup_closes_at_us) {
    return make_error(ErrorCode::kConflict, "Sign-up for this meal has closed.", "date");
  }
  if (!has_room(meal, signups)) {
    return make_error(ErrorCode::kConflict, "This meal is full.", "max_participants");
  }
  return ok_status();
}

Result<Cents> meal_charge_amount(const Meal& meal, std::int64_t portions) {
  return meal.cost_per_portion.times(portions);
}

}  // namespace mamon::domain
