// Meals ("Happen", issue 10 item 3; rules in domain/meals.h, docs/meals.md). One transaction per
// call, retried as a whole on a transaction conflict (service/transactions.h).
//
// Permissions (WEB.md §3): reading meals and signing oneself up or out needs only a login; the
// board's actions need manage_meals (kPermissionDenied naming it): creating, changing and
// deleting meals, the list of who paid, charging, and signing up or out anybody else (the other
// association websites do that through a client application whose user holds manage_meals).
//
// Rules:
//   - Sign-up (domain::check_signup) takes the meal's row lock first (storage::lock_meal), so
//     concurrent sign-ups at the maximum are counted one after the other and never overshoot, on
//     both databases.
//   - Sign-out only while the sign-up is not settled (charged, or paid in the old system), and
//     for oneself only until sign-up closes (the board: until charged).
//   - charge_meal charges every unsettled sign-up portions x cost from its wallet to sales, each a
//     meal_charge transfer naming the sign-up (unique: charging twice charges nobody twice), all in
//     one transaction; a wallet that would drop below its floor is listed and not charged.
//     Imported sign-ups paid in the old system are never charged.
//   - A meal is deleted only while no sign-up is settled; its cost only changes while no sign-up is
//     settled (a charge stays portions x cost, INV-6 of `mamon check`).
//   - Every change writes one audit entry (object "meal", storage/audit_repo.h) in its transaction.
// Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/money.h"
#include "base/result.h"
#include "domain/meals.h"
#include "domain/permissions.h"
#include "storage/database.h"
#include "storage/meals_repo.h"

namespace mamon::service {

// OK when the caller holds manage_meals, else kPermissionDenied naming it.
Status may_manage_meals(const domain::Caller& caller);

// Every meal, newest first.
Result<std::vector<storage::MealSummary>> list_meals(storage::Database& db);
// The meals open for sign-up now, soonest first.
Result<std::vector<storage::MealSummary>> list_open_meals(storage::Database& db,
                                                          const Clock& clock);

// An open meal as a member sees it: the meal, its counts and the caller's own sign-up.
struct MemberMeal {
  storage::MealSummary summary;
  std::optional<storage::MealSignupRow> own;
};
struct MemberMeals {
  std::vector<MemberMeal> open;       // open for sign-up now, soonest first
  std::vector<MemberMeal> signed_up;  // sign-up closed, the caller is in, served from today on
};
// The member's meal page (none of either without a holder).
Result<MemberMeals> list_meals_for_member(storage::Database& db, const Clock& clock,
                                          const domain::Caller& caller);

struct MealDetail {
  domain::Meal meal;
  std::vector<storage::MealSignupRow> signups;  // by id
};
// Every meal with its sign-ups, newest first (the API's list).
Result<std::vector<MealDetail>> list_meal_details(storage::Database& db);
// Error kNotFound.
Result<MealDetail> get_meal(storage::Database& db, std::int64_t meal_id);

// Errors: kPermissionDenied; kInvalidInput naming the field (domain::check_meal_fields).
Result<std::int64_t> create_meal(storage::Database& db, const Clock& clock,
                                 const domain::Caller& caller, const domain::MealFields& fields);
// Errors as create_meal; kNotFound; kConflict "cost" when the cost changes after a charge.
Status update_meal(storage::Database& db, const Clock& clock, const domain::Caller& caller,
                   std::int64_t meal_id, const domain::MealFields& fields);
// Errors: kPermissionDenied; kNotFound; kConflict once a sign-up is settled.
Status delete_meal(storage::Database& db, const Clock& clock, const domain::Caller& caller,
                   std::int64_t meal_id);

// Whose sign-up: a ledenbase id (the old API's), else a holder id, else the caller's own.
struct MealParticipant {
  std::optional<std::int64_t> ledenbase_id;
  std::optional<std::int64_t> holder_id;
};

// Errors: kHolderNotFound (unknown ledenbase id or holder); kPermissionDenied (somebody else
// without manage_meals); kNotFound (meal); domain::check_signup's; kConflict "holder" when signed
// up already.
Result<storage::MealSignupRow> sign_up_for_meal(storage::Database& db, const Clock& clock,
                                                const domain::Caller& caller, std::int64_t meal_id,
                                                const MealParticipant& who, std::int64_t portions,
                                                const std::string& comment);
// Errors: as sign_up for the person and meal; kNotFound "holder" when not signed up; kConflict
// when settled, or ("date") when sign-up has closed for a caller without manage_meals.
Status sign_out_of_meal(storage::Database& db, const Clock& clock, const domain::Caller& caller,
                        std::int64_t meal_id, const MealParticipant& who);
// Errors: kHolderNotFound, kPermissionDenied, kNotFound as above.
Result<bool> is_signed_up_for_meal(storage::Database& db, const domain::Caller& caller,
                                   std::int64_t meal_id, const MealParticipant& who);

struct MealPayments {
  domain::Meal meal;
  std::vector<storage::MealSignupRow> settled;    // charged or paid in the old system
  std::vector<storage::MealSignupRow> unsettled;  // still to charge
};
// Errors: kPermissionDenied; kNotFound.
Result<MealPayments> meal_payments(storage::Database& db, const domain::Caller& caller,
                                   std::int64_t meal_id);

struct UnpaidSignup {
  storage::MealSignupRow signup;
  Cents amount;   // what the charge would have been
  Cents balance;  // the wallet's balance
  Cents floor;    // the wallet's floor
};
struct ChargeOutcome {
  std::vector<storage::MealSignupRow> charged;  // charged by this call (charge_transfer_id set)
  std::vector<UnpaidSignup> could_not_pay;      // left uncharged: the wallet is too low
  std::int64_t already_settled = 0;             // settled before this call
  Cents charged_total;
};
// Errors: kPermissionDenied; kNotFound; kConflict "cost" for a free meal (nothing to charge).
Result<ChargeOutcome> charge_meal(storage::Database& db, const Clock& clock,
                                  const domain::Caller& caller, std::int64_t meal_id);

}  // namespace mamon::service
