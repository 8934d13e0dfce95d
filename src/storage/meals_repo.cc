#include "storage/meals_repo.h"

#include <algorithm>

#include "domain/accounts.h"
#include "storage/repo_rows.h"

// meals m: 10 columns.
#define MAMON_MEAL_COLUMNS                                                                    \
  "m.id, m.title, m.description, m.meal_at_us, m.signup_opens_at_us, m.signup_closes_at_us, " \
  "m.cost_per_portion_cents, m.participants_max, m.imported, m.created_at_us"
// A summary: the meal and three counts over its sign-ups.
#define MAMON_MEAL_SUMMARY_SELECT                                                          \
  "SELECT " MAMON_MEAL_COLUMNS                                                             \
  ", (SELECT COUNT(*) FROM meal_signups s WHERE s.meal_id = m.id), "                       \
  "(SELECT COALESCE(SUM(s.portions), 0) FROM meal_signups s WHERE s.meal_id = m.id), "     \
  "(SELECT COUNT(*) FROM meal_signups s WHERE s.meal_id = m.id AND (s.paid_in_old_system " \
  "OR EXISTS (SELECT 1 FROM transfers t WHERE t.meal_signup_id = s.id))) FROM meals m"
// meal_signups s with holder h, user u and the charge t: 14 columns.
#define MAMON_SIGNUP_SELECT                                                                   \
  "SELECT s.id, s.meal_id, s.holder_id, h.user_id, h.account_id, h.ledenbase_id, "            \
  "u.first_name, u.last_name, s.portions, s.comment, s.paid_in_old_system, s.created_at_us, " \
  "t.id, COALESCE(t.amount_cents, 0) FROM meal_signups s "                                    \
  "JOIN holders h ON h.id = s.holder_id JOIN users u ON u.id = h.user_id "                    \
  "LEFT JOIN transfers t ON t.meal_signup_id = s.id"

namespace mamon::storage {
namespace {

domain::Meal meal_from_row(const Row& row) {
  domain::Meal m;
  m.id = row.get_int(0);
  m.title = row.get_text(1);
  m.description = row.get_text(2);
  m.meal_at_us = row.get_int(3);
  m.signup_opens_at_us = row.get_int(4);
  m.signup_closes_at_us = row.get_int(5);
  m.cost_per_portion = Cents(row.get_int(6));
  m.participants_max = row.get_int(7);
  m.imported = row.get_bool(8);
  m.created_at_us = row.get_int(9);
  return m;
}

std::vector<MealSummary> summaries_from(const QueryResult& r) {
  std::vector<MealSummary> out;
  out.reserve(r.rows.size());
  for (const Row& row : r.rows) {
    out.push_back({meal_from_row(row), row.get_int(10), row.get_int(11), row.get_int(12)});
  }
  return out;
}

MealSignupRow signup_from_row(const Row& row) {
  MealSignupRow s;
  s.id = row.get_int(0);
  s.meal_id = row.get_int(1);
  s.holder_id = row.get_int(2);
  s.user_id = row.get_int(3);
  s.account_id = row.get_int(4);
  s.ledenbase_id = row.get_opt_int(5);
  s.first_name = row.get_text(6);
  s.last_name = row.get_text(7);
  s.portions = row.get_int(8);
  s.comment = row.get_text(9);
  s.paid_in_old_system = row.get_bool(10);
  s.created_at_us = row.get_int(11);
  s.charge_transfer_id = row.get_opt_int(12);
  s.charged = Cents(row.get_int(13));
  return s;
}

Error meal_not_found(std::int64_t id) {
  return make_error(ErrorCode::kNotFound, "Meal " + std::to_string(id) + " does not exist.");
}

Status expect_one(const Result<QueryResult>& r, Error not_found) {
  if (!r.ok()) return r.error();
  if (r->affected_rows != 1) return not_found;
  return ok_status();
}

}  // namespace

Result<std::vector<MealSummary>> list_meal_summaries(Transaction& tx) {
  MAMON_TRY(QueryResult r,
            tx.query(MAMON_MEAL_SUMMARY_SELECT " ORDER BY m.meal_at_us DESC, m.id DESC"));
  return summaries_from(r);
}

Result<std::vector<MealSummary>> list_meals_open_at(Transaction& tx, TimestampUs now_us) {
  MAMON_TRY(QueryResult r,
            tx.query(MAMON_MEAL_SUMMARY_SELECT
                     " WHERE m.signup_opens_at_us <= $1 AND m.signup_closes_at_us >= $1 "
                     "ORDER BY m.meal_at_us, m.id",
                     {now_us}));
  return summaries_from(r);
}

Result<std::vector<MealSummary>> list_closed_meals_signed_up(Transaction& tx,
                                                             std::int64_t holder_id,
                                                             TimestampUs since_us,
                                                             TimestampUs now_us) {
  MAMON_TRY(QueryResult r,
            tx.query(MAMON_MEAL_SUMMARY_SELECT
                     " WHERE m.meal_at_us >= $2 AND NOT (m.signup_opens_at_us <= $3 AND "
                     "m.signup_closes_at_us >= $3) AND EXISTS (SELECT 1 FROM meal_signups o "
                     "WHERE o.meal_id = m.id AND o.holder_id = $1) ORDER BY m.meal_at_us, m.id",
                     {holder_id, since_us, now_us}));
  return summaries_from(r);
}

Result<domain::Meal> find_meal(Transaction& tx, std::int64_t meal_id) {
  MAMON_TRY(Row row,
            rows::single_row(
                tx.query("SELECT " MAMON_MEAL_COLUMNS " FROM meals m WHERE m.id = $1", {meal_id}),
                meal_not_found(meal_id)));
  return meal_from_row(row);
}

Status lock_meal(Transaction& tx, std::int64_t meal_id) {
  return expect_one(tx.query("UPDATE meals SET imported = imported WHERE id = $1", {meal_id}),
                    meal_not_found(meal_id));
}

Result<std::int64_t> insert_meal(Transaction& tx, const domain::MealFields& f,
                                 TimestampUs created_at_us) {
  return rows::single_int(
      tx.query("INSERT INTO meals (title, description, meal_at_us, signup_opens_at_us, "
               "signup_closes_at_us, cost_per_portion_cents, participants_max, created_at_us) "
               "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
               {f.title, f.description, f.meal_at_us, f.signup_opens_at_us, f.signup_closes_at_us,
                f.cost_per_portion.value(), f.participants_max, created_at_us}));
}

Status update_meal(Transaction& tx, std::int64_t meal_id, const domain::MealFields& f) {
  return expect_one(
      tx.query("UPDATE meals SET title = $1, description = $2, meal_at_us = $3, "
               "signup_opens_at_us = $4, signup_closes_at_us = $5, cost_per_portion_cents = $6, "
               "participants_max = $7 WHERE id = $8",
               {f.title, f.description, f.meal_at_us, f.signup_opens_at_us, f.signup_closes_at_us,
                f.cost_per_portion.value(), f.participants_max, meal_id}),
      meal_not_found(meal_id));
}

Status delete_meal(Transaction& tx, std::int64_t meal_id) {
  // Explicitly first: SQLite applies ON DELETE CASCADE only with foreign keys on.
  MAMON_RETURN_IF_ERROR(tx.query("DELETE FROM meal_signups WHERE meal_id = $1", {meal_id}));
  return expect_one(tx.query("DELETE FROM meals WHERE id = $1", {meal_id}),
                    meal_not_found(meal_id));
}

Result<std::vector<MealSignupRow>> list_meal_signups(Transaction& tx, std::int64_t meal_id) {
  MAMON_TRY(QueryResult r,
            tx.query(MAMON_SIGNUP_SELECT " WHERE s.meal_id = $1 ORDER BY s.id", {meal_id}));
  std::vector<MealSignupRow> out;
  out.reserve(r.rows.size());
  for (const Row& row : r.rows) out.push_back(signup_from_row(row));
  return out;
}

Result<std::vector<MealSignupRow>> list_all_meal_signups(Transaction& tx) {
  MAMON_TRY(QueryResult r, tx.query(MAMON_SIGNUP_SELECT " ORDER BY s.meal_id, s.id"));
  std::vector<MealSignupRow> out;
  out.reserve(r.rows.size());
  for (const Row& row : r.rows) out.push_back(signup_from_row(row));
  return out;
}

Result<std::optional<MealSignupRow>> find_meal_signup(Transaction& tx, std::int64_t meal_id,
                                                      std::int64_t holder_id) {
  MAMON_TRY(
      std::optional<Row> row,
      rows::optional_row(tx.query(MAMON_SIGNUP_SELECT " WHERE s.meal_id = $1 AND s.holder_id = $2",
                                  {meal_id, holder_id})));
  if (!row) return std::optional<MealSignupRow>();
  return std::optional<MealSignupRow>(signup_from_row(*row));
}

Result<std::int64_t> count_meal_signups(Transaction& tx, std::int64_t meal_id) {
  return rows::single_int(
      tx.query("SELECT COUNT(*) FROM meal_signups WHERE meal_id = $1", {meal_id}));
}

Result<std::int64_t> insert_meal_signup(Transaction& tx, const NewMealSignup& s) {
  Result<std::int64_t> id = rows::single_int(
      tx.query("INSERT INTO meal_signups (meal_id, holder_id, portions, comment, created_at_us) "
               "VALUES ($1, $2, $3, $4, $5) RETURNING id",
               {s.meal_id, s.holder_id, s.portions, s.comment, s.created_at_us}));
  if (!id.ok() && id.error().code == ErrorCode::kConflict) {
    return make_error(ErrorCode::kConflict, "Already signed up for this meal.", "holder");
  }
  return id;
}

Status delete_meal_signup(Transaction& tx, std::int64_t signup_id) {
  return expect_one(tx.query("DELETE FROM meal_signups WHERE id = $1", {signup_id}),
                    make_error(ErrorCode::kNotFound, "Not signed up for this meal."));
}

Status lock_wallets(Transaction& tx, std::vector<std::int64_t> account_ids) {
  std::sort(account_ids.begin(), account_ids.end());
  account_ids.erase(std::unique(account_ids.begin(), account_ids.end()), account_ids.end());
  for (std::int64_t id : account_ids) {
    MAMON_RETURN_IF_ERROR(expect_one(
        tx.query("UPDATE accounts SET floor_cents = floor_cents WHERE id = $1 AND kind = 'wallet'",
                 {id}),
        make_error(ErrorCode::kNotFound, "Wallet " + std::to_string(id) + " does not exist.")));
  }
  return ok_status();
}

Result<std::vector<MealChargeMismatch>> meal_charges_mismatched(Transaction& tx) {
  MAMON_TRY(
      QueryResult r,
      tx.query(
          "SELECT s.id, COUNT(t.id), SUM(t.amount_cents), "
          "MIN(s.portions * m.cost_per_portion_cents), "
          "SUM(CASE WHEN t.debit_account_id = h.account_id AND a.name = $1 THEN 0 ELSE 1 END), "
          "SUM(CASE WHEN s.paid_in_old_system THEN 1 ELSE 0 END) "
          "FROM transfers t JOIN meal_signups s ON s.id = t.meal_signup_id "
          "JOIN meals m ON m.id = s.meal_id JOIN holders h ON h.id = s.holder_id "
          "JOIN accounts a ON a.id = t.credit_account_id WHERE t.kind = 'meal_charge' "
          "GROUP BY s.id HAVING COUNT(t.id) <> 1 "
          "OR SUM(t.amount_cents) <> MIN(s.portions * m.cost_per_portion_cents) "
          "OR SUM(CASE WHEN t.debit_account_id = h.account_id AND a.name = $1 THEN 0 ELSE 1 "
          "END) > 0 OR SUM(CASE WHEN s.paid_in_old_system THEN 1 ELSE 0 END) > 0 "
          "ORDER BY s.id",
          {std::string(domain::kAccountSales)}));
  std::vector<MealChargeMismatch> out;
  for (const Row& row : r.rows) {
    out.push_back({row.get_int(0), row.get_int(1), row.get_int(2), row.get_int(3),
                   row.get_int(4) > 0, row.get_int(5) > 0});
  }
  return out;
}

}  // namespace mamon::storage
