#include "service/meals_service.h"

#include <map>
#include <nlohmann/json.hpp>
#include <utility>

#include "base/local_time.h"
#include "base/text.h"
#include "domain/ledger.h"
#include "service/audit_trail.h"
#include "service/ledger_posting.h"
#include "service/transactions.h"
#include "storage/holders_repo.h"
#include "storage/ledger_repo.h"

namespace mamon::service {
namespace {

Status check_can_manage(const domain::Caller& caller) {
  if (domain::has_permission(caller, domain::Permission::kManageMeals)) return ok_status();
  return domain::permission_denied_error(domain::Permission::kManageMeals,
                                         "Only the board can manage meals.");
}

nlohmann::json meal_json(const domain::MealFields& f) {
  return {{"title", f.title},
          {"description", f.description},
          {"meal_at_us", f.meal_at_us},
          {"signup_opens_at_us", f.signup_opens_at_us},
          {"signup_closes_at_us", f.signup_closes_at_us},
          {"cost_per_portion_cents", f.cost_per_portion.value()},
          {"participants_max", f.participants_max}};
}

domain::MealFields fields_of(const domain::Meal& m) {
  return {m.title,
          m.description,
          m.meal_at_us,
          m.signup_opens_at_us,
          m.signup_closes_at_us,
          m.cost_per_portion,
          m.participants_max};
}

nlohmann::json signup_json(const storage::MealSignupRow& s) {
  return {
      {"signup", s.id}, {"holder", s.holder_id}, {"portions", s.portions}, {"comment", s.comment}};
}

Status audit(storage::Transaction& tx, const Clock& clock, const domain::Caller& caller,
             std::string action, std::int64_t meal_id, nlohmann::json detail) {
  return record_change(tx, caller, action, "meal", meal_id, detail, clock.now_us());
}

// The holder `who` names (the caller's own when it names nobody), and whether the caller may act
// for it: one's own, or anybody's with manage_meals.
Result<domain::Holder> participant_holder(storage::Transaction& tx, const domain::Caller& caller,
                                          const MealParticipant& who) {
  Result<domain::Holder> holder = make_error(ErrorCode::kHolderNotFound, "No holder.");
  if (who.ledenbase_id) {
    holder = storage::find_holder_by_ledenbase_id(tx, *who.ledenbase_id);
  } else if (who.holder_id) {
    holder = storage::find_holder(tx, *who.holder_id);
  } else if (caller.holder_id) {
    holder = storage::find_holder(tx, *caller.holder_id);
  }
  if (!holder.ok()) {
    if (holder.error().code != ErrorCode::kHolderNotFound) return holder;
    return make_error(ErrorCode::kHolderNotFound, "This member is not known here.", "holder");
  }
  if (caller.holder_id != holder->id) MAMON_RETURN_IF_ERROR(check_can_manage(caller));
  return holder;
}

bool any_settled(const std::vector<storage::MealSignupRow>& signups) {
  for (const storage::MealSignupRow& s : signups) {
    if (s.is_settled()) return true;
  }
  return false;
}

// Charges one sign-up (`wallet` is its holder's account). kInsufficientFunds leaves nothing
// written (ledger_repo.h).
Result<std::int64_t> charge_signup(storage::Transaction& tx, const Clock& clock,
                                   const storage::MealSignupRow& s, const storage::Account& wallet,
                                   Cents amount) {
  MAMON_TRY(MovementPlan plan, plan_movement(tx, domain::Movement::kMealCharge, wallet));
  storage::NewTransfer transfer;
  transfer.debit_account_id = plan.debit.id;
  transfer.credit_account_id = plan.credit.id;
  transfer.amount = amount;
  transfer.kind = plan.kind;
  transfer.meal_signup_id = s.id;
  transfer.created_at_us = clock.now_us();
  MAMON_TRY(storage::PostedTransfer posted,
            storage::post_transfer(tx, plan.debit, plan.credit, transfer));
  return posted.transfer_id;
}

}  // namespace

Status may_manage_meals(const domain::Caller& caller) {
  return check_can_manage(caller);
}

Result<std::vector<storage::MealSummary>> list_meals(storage::Database& db) {
  return run_transaction(db, storage::TxMode::kRead, [&](storage::Transaction& tx) {
    return storage::list_meal_summaries(tx);
  });
}

Result<std::vector<storage::MealSummary>> list_open_meals(storage::Database& db,
                                                          const Clock& clock) {
  const TimestampUs now = clock.now_us();
  return run_transaction(db, storage::TxMode::kRead, [&](storage::Transaction& tx) {
    return storage::list_meals_open_at(tx, now);
  });
}

Result<MemberMeals> list_meals_for_member(storage::Database& db, const Clock& clock,
                                          const domain::Caller& caller) {
  const TimestampUs now = clock.now_us();
  const TimestampUs today = start_of_local_day(local_date_of(now));
  return run_transaction(
      db, storage::TxMode::kRead, [&](storage::Transaction& tx) -> Result<MemberMeals> {
        MemberMeals out;
        if (!caller.holder_id) return out;
        auto with_own = [&](std::vector<storage::MealSummary> meals,
                            std::vector<MemberMeal>& into) -> Status {
          for (storage::MealSummary& m : meals) {
            MemberMeal one{std::move(m), std::nullopt};
            MAMON_TRY(one.own,
                      storage::find_meal_signup(tx, one.summary.meal.id, *caller.holder_id));
            into.push_back(std::move(one));
          }
          return ok_status();
        };
        MAMON_TRY(std::vector<storage::MealSummary> open, storage::list_meals_open_at(tx, now));
        MAMON_RETURN_IF_ERROR(with_own(std::move(open), out.open));
        MAMON_TRY(std::vector<storage::MealSummary> closed,
                  storage::list_closed_meals_signed_up(tx, *caller.holder_id, today, now));
        MAMON_RETURN_IF_ERROR(with_own(std::move(closed), out.signed_up));
        return out;
      });
}

Result<std::vector<MealDetail>> list_meal_details(storage::Database& db) {
  return run_transaction(
      db, storage::TxMode::kRead, [&](storage::Transaction& tx) -> Result<std::vector<MealDetail>> {
        MAMON_TRY(std::vector<storage::MealSummary> meals, storage::list_meal_summaries(tx));
        MAMON_TRY(std::vector<storage::MealSignupRow> signups, storage::list_all_meal_signups(tx));
        std::vector<MealDetail> out;
        std::map<std::int64_t, std::size_t> index;  // meal id -> position in out
        for (storage::MealSummary& m : meals) {
          index[m.meal.id] = out.size();
          out.push_back({std::move(m.meal), {}});
        }
        for (storage::MealSignupRow& s : signups) {
          auto it = index.find(s.meal_id);
          if (it != index.end()) out[it->second].signups.push_back(std::move(s));
        }
        return out;
      });
}

Result<MealDetail> get_meal(storage::Database& db, std::int64_t meal_id) {
  return run_transaction(db, storage::TxMode::kRead,
                         [&](storage::Transaction& tx) -> Result<MealDetail> {
                           MealDetail detail;
                           MAMON_TRY(detail.meal, storage::find_meal(tx, meal_id));
                           MAMON_TRY(detail.signups, storage::list_meal_signups(tx, meal_id));
                           return detail;
                         });
}

Result<std::int64_t> create_meal(storage::Database& db, const Clock& clock,
                                 const domain::Caller& caller, const domain::MealFields& fields) {
  MAMON_RETURN_IF_ERROR(check_can_manage(caller));
  MAMON_TRY(domain::MealFields checked, domain::check_meal_fields(fields));
  return run_transaction(
      db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<std::int64_t> {
        MAMON_TRY(std::int64_t id, storage::insert_meal(tx, checked, clock.now_us()));
        MAMON_RETURN_IF_ERROR(audit(tx, clock, caller, "create_meal", id,
                                    {{"before", nullptr}, {"after", meal_json(checked)}}));
        return id;
      });
}

Status update_meal(storage::Database& db, const Clock& clock, const domain::Caller& caller,
                   std::int64_t meal_id, const domain::MealFields& fields) {
  MAMON_RETURN_IF_ERROR(check_can_manage(caller));
  MAMON_TRY(domain::MealFields checked, domain::check_meal_fields(fields));
  return run_transaction(db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Status {
    MAMON_RETURN_IF_ERROR(storage::lock_meal(tx, meal_id));
    MAMON_TRY(domain::Meal before, storage::find_meal(tx, meal_id));
    const nlohmann::json before_json = meal_json(fields_of(before));
    const nlohmann::json after_json = meal_json(checked);
    if (before_json == after_json) return ok_status();
    if (checked.cost_per_portion != before.cost_per_portion) {
      MAMON_TRY(std::vector<storage::MealSignupRow> signups,
                storage::list_meal_signups(tx, meal_id));
      if (any_settled(signups)) {
        return make_error(ErrorCode::kConflict,
                          "The cost cannot change once sign-ups have been charged.", "cost");
      }
    }
    MAMON_RETURN_IF_ERROR(storage::update_meal(tx, meal_id, checked));
    return audit(tx, clock, caller, "update_meal", meal_id,
                 {{"before", before_json}, {"after", after_json}});
  });
}

Status delete_meal(storage::Database& db, const Clock& clock, const domain::Caller& caller,
                   std::int64_t meal_id) {
  MAMON_RETURN_IF_ERROR(check_can_manage(caller));
  return run_transaction(db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Status {
    MAMON_RETURN_IF_ERROR(storage::lock_meal(tx, meal_id));
    MAMON_TRY(domain::Meal before, storage::find_meal(tx, meal_id));
    MAMON_TRY(std::vector<storage::MealSignupRow> signups, storage::list_meal_signups(tx, meal_id));
    if (any_settled(signups)) {
      return make_error(ErrorCode::kConflict,
                        "A meal whose sign-ups have been charged cannot be deleted.");
    }
    nlohmann::json signups_json = nlohmann::json::array();
    for (const storage::MealSignupRow& s : signups) signups_json.push_back(signup_json(s));
    MAMON_RETURN_IF_ERROR(storage::delete_meal(tx, meal_id));
    return audit(tx, clock, caller, "delete_meal", meal_id,
                 {{"before", meal_json(fields_of(before))},
                  {"signups", std::move(signups_json)},
                  {"after", nullptr}});
  });
}

Result<storage::MealSignupRow> sign_up_for_meal(storage::Database& db, const Clock& clock,
                                                const domain::Caller& caller, std::int64_t meal_id,
                                                const MealParticipant& who, std::int64_t portions,
                                                const std::string& comment_typed) {
  const std::string comment = trimmed(comment_typed);
  return run_transaction(
      db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<storage::MealSignupRow> {
        MAMON_TRY(domain::Holder holder, participant_holder(tx, caller, who));
        // The meal's lock first: the count below stays true until this transaction ends.
        MAMON_RETURN_IF_ERROR(storage::lock_meal(tx, meal_id));
        MAMON_TRY(domain::Meal meal, storage::find_meal(tx, meal_id));
        MAMON_TRY(std::int64_t signups, storage::count_meal_signups(tx, meal_id));
        MAMON_RETURN_IF_ERROR(
            domain::check_signup(meal, signups, portions, comment, clock.now_us()));
        MAMON_RETURN_IF_ERROR(storage::insert_meal_signup(
            tx, {meal_id, holder.id, portions, comment, clock.now_us()}));
        MAMON_TRY(std::optional<storage::MealSignupRow> row,
                  storage::find_meal_signup(tx, meal_id, holder.id));
        MAMON_CHECK_MSG(row.has_value(), "the sign-up was just written");
        MAMON_RETURN_IF_ERROR(audit(tx, clock, caller, "meal_sign_up", meal_id,
                                    {{"before", nullptr}, {"after", signup_json(*row)}}));
        return *row;
      });
}

Status sign_out_of_meal(storage::Database& db, const Clock& clock, const domain::Caller& caller,
                        std::int64_t meal_id, const MealParticipant& who) {
  return run_transaction(db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Status {
    MAMON_TRY(domain::Holder holder, participant_holder(tx, caller, who));
    MAMON_RETURN_IF_ERROR(storage::lock_meal(tx, meal_id));
    MAMON_TRY(domain::Meal meal, storage::find_meal(tx, meal_id));
    MAMON_TRY(std::optional<storage::MealSignupRow> row,
              storage::find_meal_signup(tx, meal_id, holder.id));
    if (!row) return make_error(ErrorCode::kNotFound, "Not signed up for this meal.", "holder");
    if (row->is_settled()) {
      return make_error(ErrorCode::kConflict,
                        "This sign-up has been paid: it can no longer be cancelled.");
    }
    if (clock.now_us() > meal.signup_closes_at_us && !check_can_manage(caller).ok()) {
      return make_error(ErrorCode::kConflict,
                        "Sign-up has closed: ask the board to cancel your sign-up.", "date");
    }
    MAMON_RETURN_IF_ERROR(storage::delete_meal_signup(tx, row->id));
    return audit(tx, clock, caller, "meal_sign_out", meal_id,
                 {{"before", signup_json(*row)}, {"after", nullptr}});
  });
}

Result<bool> is_signed_up_for_meal(storage::Database& db, const domain::Caller& caller,
                                   std::int64_t meal_id, const MealParticipant& who) {
  return run_transaction(db, storage::TxMode::kRead, [&](storage::Transaction& tx) -> Result<bool> {
    MAMON_TRY(domain::Holder holder, participant_holder(tx, caller, who));
    MAMON_RETURN_IF_ERROR(storage::find_meal(tx, meal_id));
    MAMON_TRY(std::optional<storage::MealSignupRow> row,
              storage::find_meal_signup(tx, meal_id, holder.id));
    return row.has_value();
  });
}

Result<MealPayments> meal_payments(storage::Database& db, const domain::Caller& caller,
                                   std::int64_t meal_id) {
  MAMON_RETURN_IF_ERROR(check_can_manage(caller));
  return run_transaction(db, storage::TxMode::kRead,
                         [&](storage::Transaction& tx) -> Result<MealPayments> {
                           MealPayments out;
                           MAMON_TRY(out.meal, storage::find_meal(tx, meal_id));
                           MAMON_TRY(std::vector<storage::MealSignupRow> signups,
                                     storage::list_meal_signups(tx, meal_id));
                           for (storage::MealSignupRow& s : signups) {
                             (s.is_settled() ? out.settled : out.unsettled).push_back(std::move(s));
                           }
                           return out;
                         });
}

Result<ChargeOutcome> charge_meal(storage::Database& db, const Clock& clock,
                                  const domain::Caller& caller, std::int64_t meal_id) {
  MAMON_RETURN_IF_ERROR(check_can_manage(caller));
  return run_transaction(
      db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<ChargeOutcome> {
        // Lock order: the meal (against concurrent sign-ups and charges), then every wallet in
        // ascending id, then (inside each posting) sales.
        MAMON_RETURN_IF_ERROR(storage::lock_meal(tx, meal_id));
        MAMON_TRY(domain::Meal meal, storage::find_meal(tx, meal_id));
        if (meal.cost_per_portion == Cents::zero()) {
          return make_error(ErrorCode::kConflict, "This meal is free: there is nothing to charge.",
                            "cost");
        }
        MAMON_TRY(std::vector<storage::MealSignupRow> signups,
                  storage::list_meal_signups(tx, meal_id));
        ChargeOutcome out;
        std::vector<std::int64_t> wallets;
        for (const storage::MealSignupRow& s : signups) {
          if (!s.is_settled()) wallets.push_back(s.account_id);
        }
        MAMON_RETURN_IF_ERROR(storage::lock_wallets(tx, wallets));
        nlohmann::json charged_json = nlohmann::json::array();
        nlohmann::json unpaid_json = nlohmann::json::array();
        for (storage::MealSignupRow& s : signups) {
          if (s.is_settled()) {
            ++out.already_settled;
            continue;
          }
          MAMON_TRY(Cents amount, domain::meal_charge_amount(meal, s.portions));
          MAMON_TRY(storage::Account wallet, storage::find_account(tx, s.account_id));
          Result<std::int64_t> transfer = charge_signup(tx, clock, s, wallet, amount);
          if (!transfer.ok()) {
            if (transfer.error().code != ErrorCode::kInsufficientFunds) {
              return std::move(transfer).error();
            }
            unpaid_json.push_back(signup_json(s));
            out.could_not_pay.push_back({s, amount, wallet.balance(), wallet.floor});
            continue;
          }
          s.charge_transfer_id = *transfer;
          s.charged = amount;
          MAMON_TRY(out.charged_total, out.charged_total.plus(amount));
          nlohmann::json one = signup_json(s);
          one["amount_cents"] = amount.value();
          one["transfer"] = *transfer;
          charged_json.push_back(std::move(one));
          out.charged.push_back(s);
        }
        if (!out.charged.empty() || !out.could_not_pay.empty()) {
          MAMON_RETURN_IF_ERROR(audit(tx, clock, caller, "charge_meal", meal_id,
                                      {{"charged", std::move(charged_json)},
                                       {"could_not_pay", std::move(unpaid_json)},
                                       {"charged_cents", out.charged_total.value()}}));
        }
        return out;
      });
}

}  // namespace mamon::service
