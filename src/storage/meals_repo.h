// Meals and their sign-ups (domain/meals.h; tables of migration 0005, charges are transfers of
// kind meal_charge naming the sign-up, migration 0010). All calls run inside the caller's
// transaction.
//
// A sign-up is "charged" when a meal_charge transfer names it (at most one: the unique index
// transfers_meal_signup), and "settled" when it is charged or was marked paid in the old system.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/money.h"
#include "base/result.h"
#include "domain/meals.h"
#include "storage/database.h"

namespace mamon::storage {

// A meal with its sign-up counts.
struct MealSummary {
  domain::Meal meal;
  std::int64_t signups = 0;
  std::int64_t portions = 0;
  std::int64_t settled = 0;  // sign-ups charged or paid in the old system
};

// Every meal, the newest date first (then the highest id).
Result<std::vector<MealSummary>> list_meal_summaries(Transaction& tx);
// The meals whose sign-up is open at `now_us` (domain::signup_open), the soonest date first.
Result<std::vector<MealSummary>> list_meals_open_at(Transaction& tx, TimestampUs now_us);

// The meals the holder is signed up for that are served at or after `since_us` and whose sign-up
// is not open at `now_us` (closed, so a member still sees them), the soonest first.
Result<std::vector<MealSummary>> list_closed_meals_signed_up(Transaction& tx,
                                                             std::int64_t holder_id,
                                                             TimestampUs since_us,
                                                             TimestampUs now_us);

// Error kNotFound.
Result<domain::Meal> find_meal(Transaction& tx, std::int64_t meal_id);

// Locks the meal's row until the transaction ends (PostgreSQL: a row lock by a no-op UPDATE;
// SQLite: write transactions hold the database's write lock already), so that sign-ups and
// charges of one meal run one after the other. Error kNotFound.
Status lock_meal(Transaction& tx, std::int64_t meal_id);

// `fields` as checked by domain::check_meal_fields. Returns the new id.
Result<std::int64_t> insert_meal(Transaction& tx, const domain::MealFields& fields,
                                 TimestampUs created_at_us);
// Error kNotFound.
Status update_meal(Transaction& tx, std::int64_t meal_id, const domain::MealFields& fields);
// Deletes the meal and its sign-ups (ON DELETE CASCADE). A charged sign-up is referenced by its
// transfer, so the database refuses (kInvalidInput): callers check first. Error kNotFound.
Status delete_meal(Transaction& tx, std::int64_t meal_id);

struct MealSignupRow {
  std::int64_t id = 0;
  std::int64_t meal_id = 0;
  std::int64_t holder_id = 0;
  std::int64_t user_id = 0;
  std::int64_t account_id = 0;  // the holder's wallet
  std::optional<std::int64_t> ledenbase_id;
  std::string first_name;
  std::string last_name;
  std::int64_t portions = 0;
  std::string comment;
  bool paid_in_old_system = false;
  TimestampUs created_at_us = 0;
  std::optional<std::int64_t> charge_transfer_id;  // set when charged
  Cents charged;                                   // the transfer's amount (0 when none)

  bool is_charged() const { return charge_transfer_id.has_value(); }
  bool is_settled() const { return is_charged() || paid_in_old_system; }
};

// The meal's sign-ups in the order they came (by id).
Result<std::vector<MealSignupRow>> list_meal_signups(Transaction& tx, std::int64_t meal_id);
// Every sign-up of every meal, by meal id, then id.
Result<std::vector<MealSignupRow>> list_all_meal_signups(Transaction& tx);
// The holder's sign-up for the meal, if any.
Result<std::optional<MealSignupRow>> find_meal_signup(Transaction& tx, std::int64_t meal_id,
                                                      std::int64_t holder_id);
// The number of sign-ups of the meal.
Result<std::int64_t> count_meal_signups(Transaction& tx, std::int64_t meal_id);

struct NewMealSignup {
  std::int64_t meal_id = 0;
  std::int64_t holder_id = 0;
  std::int64_t portions = 1;
  std::string comment;
  TimestampUs created_at_us = 0;
};
// Error kConflict when the holder is signed up for the meal already.
Result<std::int64_t> insert_meal_signup(Transaction& tx, const NewMealSignup& signup);
// Deletes one sign-up; a charged one is refused by the database (callers check first).
// Error kNotFound.
Status delete_meal_signup(Transaction& tx, std::int64_t signup_id);

// Locks the wallet accounts `account_ids` in ascending id order (a no-op UPDATE each), so that
// a charge of many wallets takes its locks in the ledger's order (storage/ledger_repo.h: wallets
// before system accounts) and cannot deadlock with a purchase. Error kNotFound for an unknown id.
Status lock_wallets(Transaction& tx, std::vector<std::int64_t> account_ids);

// For `mamon check` (service/ledger_check.h, INV-6): meal_charge transfers that are not exactly
// "the sign-up's wallet -> sales, portions x cost per portion, of a sign-up not paid in the old
// system", and sign-ups with more than one such transfer.
struct MealChargeMismatch {
  std::int64_t meal_signup_id = 0;
  std::int64_t transfer_count = 0;
  std::int64_t transfers_cents = 0;
  std::int64_t expected_cents = 0;  // portions x cost per portion
  bool wrong_accounts = false;      // some transfer is not wallet -> sales
  bool paid_in_old_system = false;
};
Result<std::vector<MealChargeMismatch>> meal_charges_mismatched(Transaction& tx);

}  // namespace mamon::storage
