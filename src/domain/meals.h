// Meals ("Happen", DESIGN.md §1, issue 10 item 3): a dinner with a sign-up window, a cost per
// portion and a maximum number of participants; members sign up with a number of portions and a
// comment, the board charges every sign-up from its wallet in one step (service/meals_service.h).
//
// Decisions (the old system, gmadurov/Mamon backend/purchase/models.py, enforced none of them):
//   - The maximum counts SIGN-UPS (people), not portions: the old field is max_participants and
//     its `participants` are holders (one HapOrder each, whatever its quantity). 0 means no
//     maximum (the old default, 0, never refused anybody).
//   - Sign-up is open from signup_opens_at_us to signup_closes_at_us, both included (the old
//     Happen.active).
//   - A sign-up's charge is portions x cost per portion, in exact cents; a sign-up is charged at
//     most once (its meal_charge transfer, unique per sign-up).
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/money.h"
#include "base/result.h"

namespace mamon::domain {

// The schema's CHECK on meal_signups.portions.
inline constexpr std::int64_t kMealPortionsMax = 1000;
// The old HapOrder.comment was 30 characters; a little room for a diet note.
inline constexpr std::size_t kMealCommentLengthMax = 200;
// A dinner, not a stadium: a larger maximum is a typo.
inline constexpr std::int64_t kMealParticipantsMax = 100'000;

struct Meal {
  std::int64_t id = 0;
  std::string title;
  std::string description;
  TimestampUs meal_at_us = 0;
  TimestampUs signup_opens_at_us = 0;
  TimestampUs signup_closes_at_us = 0;
  Cents cost_per_portion;
  std::int64_t participants_max = 0;  // sign-ups; 0: no maximum
  bool imported = false;              // from the old system
  TimestampUs created_at_us = 0;
};

// The fields a board member sets (create or update), before checking.
struct MealFields {
  std::string title;
  std::string description;
  TimestampUs meal_at_us = 0;
  TimestampUs signup_opens_at_us = 0;
  TimestampUs signup_closes_at_us = 0;
  Cents cost_per_portion;
  std::int64_t participants_max = 0;
};

// Trims title and description, then checks, in this order, each as kInvalidInput naming the
// field: "title" 1..limits::kNameLengthMax bytes; "description" at most kCommentLengthMax bytes;
// "closing_date" not before "opening_date"; "cost" 0..kMoneyAbsMaxCents; "max_participants"
// 0..kMealParticipantsMax. (Field names are the API's, the old serializer's.)
Result<MealFields> check_meal_fields(MealFields fields);

// Sign-up is open at `now_us` (opening and closing included).
bool signup_open(const Meal& meal, TimestampUs now_us);

// Whether one more sign-up fits when `signups` exist already.
bool has_room(const Meal& meal, std::int64_t signups);

// A new sign-up of `portions` with `comment` (already trimmed), when `signups` exist already, at
// `now_us`. Errors, in this order: kInvalidInput "quantity" (portions outside 1..kMealPortionsMax),
// kInvalidInput "comment" (longer than kMealCommentLengthMax); kConflict "date" when sign-up has
// not opened or has closed; kConflict "max_participants" when the meal is full.
Status check_signup(const Meal& meal, std::int64_t signups, std::int64_t portions,
                    const std::string& comment, TimestampUs now_us);

// portions x cost per portion. Error kInvalidAmount on overflow (impossible within the limits
// above, checked all the same: it is money).
Result<Cents> meal_charge_amount(const Meal& meal, std::int64_t portions);

}  // namespace mamon::domain
