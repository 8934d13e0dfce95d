#include "service/meals_service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "service/board_reports_service.h"
#include "service/service_test_fixture.h"

namespace mamon::service {
namespace {

using testing::code_of;
using testing::kStartUs;
using testing::must;

constexpr TimestampUs kHourUs = 3'600'000'000;

MealParticipant lid(std::int64_t ledenbase_id) {
  MealParticipant who;
  who.ledenbase_id = ledenbase_id;
  return who;
}

class MealsTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    board_ = add_user("boardmember", false, {"Bestuur"});
    alice_ = add_user("alice", false, {}, false, 1001);
    bob_ = add_user("bob", false, {}, false, 1002);
    carol_ = add_user("carol", false, {}, false, 1003);
  }

  // Sign-up open from an hour ago until an hour from now; dinner in three hours.
  domain::MealFields dinner(std::int64_t cost_cents = 350, std::int64_t participants_max = 0) {
    domain::MealFields f;
    f.title = "Stamppot";
    f.description = "Boerenkool met worst";
    f.meal_at_us = clock_.now_us() + 3 * kHourUs;
    f.signup_opens_at_us = clock_.now_us() - kHourUs;
    f.signup_closes_at_us = clock_.now_us() + kHourUs;
    f.cost_per_portion = Cents(cost_cents);
    f.participants_max = participants_max;
    return f;
  }

  std::int64_t new_meal(std::int64_t cost_cents = 350, std::int64_t participants_max = 0) {
    return must(create_meal(db(), clock_, board_, dinner(cost_cents, participants_max)));
  }

  Result<storage::MealSignupRow> sign_up_self(const domain::Caller& who, std::int64_t meal,
                                              std::int64_t portions = 1) {
    return sign_up_for_meal(db(), clock_, who, meal, {}, portions, "");
  }

  std::int64_t scalar(const std::string& sql) {
    return in_tx(
        [&](storage::Transaction& tx) { return must(tx.query(sql)).rows.at(0).get_int(0); });
  }

  std::vector<std::string> audit_actions() {
    return in_tx([&](storage::Transaction& tx) {
      auto r =
          must(tx.query("SELECT action FROM audit_log WHERE object_type = 'meal' ORDER BY id"));
      std::vector<std::string> out;
      for (const storage::Row& row : r.rows) out.push_back(row.get_text(0));
      return out;
    });
  }

  domain::Caller board_, alice_, bob_, carol_;
};

TEST_P(MealsTest, TheBoardCreatesUpdatesAndDeletesWithAnAuditEntryEach) {
  const std::int64_t id = new_meal();
  domain::Meal meal = must(get_meal(db(), id)).meal;
  EXPECT_EQ(meal.title, "Stamppot");
  EXPECT_EQ(meal.cost_per_portion, Cents(350));

  domain::MealFields changed = dinner(400, 12);
  must(update_meal(db(), clock_, board_, id, changed));
  meal = must(get_meal(db(), id)).meal;
  EXPECT_EQ(meal.cost_per_portion, Cents(400));
  EXPECT_EQ(meal.participants_max, 12);
  must(update_meal(db(), clock_, board_, id, changed));  // no change: no entry

  must(sign_up_self(alice_, id));
  must(delete_meal(db(), clock_, board_, id));
  EXPECT_EQ(code_of(get_meal(db(), id)), ErrorCode::kNotFound);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM meal_signups"), 0);
  EXPECT_EQ(audit_actions(), (std::vector<std::string>{"create_meal", "update_meal", "meal_sign_up",
                                                       "delete_meal"}));
}

TEST_P(MealsTest, MembersMayNotManageMeals) {
  EXPECT_EQ(code_of(create_meal(db(), clock_, alice_, dinner())), ErrorCode::kPermissionDenied);
  const std::int64_t id = new_meal();
  EXPECT_EQ(code_of(update_meal(db(), clock_, alice_, id, dinner(1))),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(code_of(delete_meal(db(), clock_, alice_, id)), ErrorCode::kPermissionDenied);
  EXPECT_EQ(code_of(charge_meal(db(), clock_, alice_, id)), ErrorCode::kPermissionDenied);
  EXPECT_EQ(code_of(meal_payments(db(), alice_, id)), ErrorCode::kPermissionDenied);
  Result<storage::MealSignupRow> other =
      sign_up_for_meal(db(), clock_, alice_, id, lid(1002), 1, "");
  EXPECT_EQ(code_of(other), ErrorCode::kPermissionDenied);
  EXPECT_EQ(other.error().permission, "manage_meals");
}

TEST_P(MealsTest, BadFieldsAreRefusedWithTheirName) {
  domain::MealFields f = dinner();
  f.signup_closes_at_us = f.signup_opens_at_us - 1;
  Result<std::int64_t> r = create_meal(db(), clock_, board_, f);
  EXPECT_EQ(code_of(r), ErrorCode::kInvalidInput);
  EXPECT_EQ(r.error().field, "closing_date");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM meals"), 0);
}

TEST_P(MealsTest, SignUpWithinTheMaximumAndTheWindow) {
  const std::int64_t id = new_meal(350, 2);
  storage::MealSignupRow a =
      must(sign_up_for_meal(db(), clock_, alice_, id, {}, 2, "  vegetarisch "));
  EXPECT_EQ(a.portions, 2);
  EXPECT_EQ(a.comment, "vegetarisch");
  EXPECT_EQ(a.ledenbase_id, 1001);
  // Twice: refused, the first stays.
  Result<storage::MealSignupRow> again = sign_up_self(alice_, id);
  EXPECT_EQ(code_of(again), ErrorCode::kConflict);
  EXPECT_EQ(again.error().field, "holder");
  // The board signs up bob by his ledenbase id (as the other websites do).
  must(sign_up_for_meal(db(), clock_, board_, id, lid(1002), 1, ""));
  // Full: the maximum counts sign-ups (3 portions are in, for 2 people).
  Result<storage::MealSignupRow> full = sign_up_self(carol_, id);
  EXPECT_EQ(code_of(full), ErrorCode::kConflict);
  EXPECT_EQ(full.error().field, "max_participants");
  // Bob signs out: there is room again.
  must(sign_out_of_meal(db(), clock_, bob_, id, {}));
  must(sign_up_self(carol_, id));
  EXPECT_TRUE(must(is_signed_up_for_meal(db(), board_, id, lid(1003))));
  EXPECT_FALSE(must(is_signed_up_for_meal(db(), board_, id, lid(1002))));
  EXPECT_EQ(code_of(is_signed_up_for_meal(db(), board_, id, lid(4242))),
            ErrorCode::kHolderNotFound);
  EXPECT_EQ(code_of(sign_up_for_meal(db(), clock_, alice_, id, {}, 0, "")),
            ErrorCode::kInvalidInput);
}

TEST_P(MealsTest, SignUpClosesAndDoesNotOpenEarly) {
  const std::int64_t id = new_meal();
  must(sign_up_self(alice_, id));
  clock_.advance_us(kHourUs + 1);  // just after closing
  MemberMeals alices = must(list_meals_for_member(db(), clock_, alice_));
  EXPECT_TRUE(alices.open.empty());
  ASSERT_EQ(alices.signed_up.size(), 1u);  // closed, but she still sees her sign-up
  EXPECT_TRUE(alices.signed_up[0].own.has_value());
  EXPECT_TRUE(must(list_meals_for_member(db(), clock_, bob_)).signed_up.empty());
  Result<storage::MealSignupRow> late = sign_up_self(bob_, id);
  EXPECT_EQ(code_of(late), ErrorCode::kConflict);
  EXPECT_EQ(late.error().field, "date");
  // A member cannot cancel after closing; the board can.
  EXPECT_EQ(code_of(sign_out_of_meal(db(), clock_, alice_, id, {})), ErrorCode::kConflict);
  must(sign_out_of_meal(db(), clock_, board_, id, lid(1001)));

  domain::MealFields later = dinner();
  later.signup_opens_at_us = clock_.now_us() + kHourUs;
  later.signup_closes_at_us = clock_.now_us() + 2 * kHourUs;
  const std::int64_t next = must(create_meal(db(), clock_, board_, later));
  EXPECT_EQ(code_of(sign_up_self(alice_, next)), ErrorCode::kConflict);
  EXPECT_TRUE(must(list_open_meals(db(), clock_)).empty());
  clock_.advance_us(kHourUs);  // opening instant
  must(sign_up_self(alice_, next));
  ASSERT_EQ(must(list_open_meals(db(), clock_)).size(), 1u);
}

TEST_P(MealsTest, ChargesEverySignUpOnceAndListsThoseWhoCannotPay) {
  const std::int64_t id = new_meal(350);
  fund(*alice_.holder_id, 1000);
  fund(*bob_.holder_id, 500);  // 2 portions are 7.00: too low
  must(sign_up_self(alice_, id, 2));
  must(sign_up_self(bob_, id, 2));
  const Cents sales_before = account(domain::kAccountSales).credits;

  ChargeOutcome first = must(charge_meal(db(), clock_, board_, id));
  ASSERT_EQ(first.charged.size(), 1u);
  EXPECT_EQ(first.charged[0].holder_id, *alice_.holder_id);
  EXPECT_EQ(first.charged_total, Cents(700));
  ASSERT_EQ(first.could_not_pay.size(), 1u);
  EXPECT_EQ(first.could_not_pay[0].signup.holder_id, *bob_.holder_id);
  EXPECT_EQ(first.could_not_pay[0].amount, Cents(700));
  EXPECT_EQ(first.could_not_pay[0].balance, Cents(500));
  EXPECT_EQ(balance_of(*alice_.holder_id), Cents(300));
  EXPECT_EQ(balance_of(*bob_.holder_id), Cents(500));
  EXPECT_EQ(account(domain::kAccountSales).credits.value() - sales_before.value(), 700);

  // Twice: nobody is charged twice; bob is still listed.
  ChargeOutcome second = must(charge_meal(db(), clock_, board_, id));
  EXPECT_TRUE(second.charged.empty());
  EXPECT_EQ(second.already_settled, 1);
  EXPECT_EQ(second.could_not_pay.size(), 1u);
  EXPECT_EQ(balance_of(*alice_.holder_id), Cents(300));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM transfers WHERE kind = 'meal_charge'"), 1);

  // Bob tops up; the next charge takes only his.
  fund(*bob_.holder_id, 200);
  ChargeOutcome third = must(charge_meal(db(), clock_, board_, id));
  ASSERT_EQ(third.charged.size(), 1u);
  EXPECT_EQ(third.charged[0].holder_id, *bob_.holder_id);
  EXPECT_TRUE(third.could_not_pay.empty());
  EXPECT_EQ(balance_of(*bob_.holder_id), Cents(0));
  MealPayments payments = must(meal_payments(db(), board_, id));
  EXPECT_EQ(payments.settled.size(), 2u);
  EXPECT_TRUE(payments.unsettled.empty());
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM transfers WHERE kind = 'meal_charge'"), 2);
}

TEST_P(MealsTest, AfterAChargeTheMealCannotBeDeletedNorItsCostChangedNorTheSignUpCancelled) {
  const std::int64_t id = new_meal(350);
  fund(*alice_.holder_id, 1000);
  must(sign_up_self(alice_, id));
  must(charge_meal(db(), clock_, board_, id));
  EXPECT_EQ(code_of(delete_meal(db(), clock_, board_, id)), ErrorCode::kConflict);
  Status cost = update_meal(db(), clock_, board_, id, dinner(999));
  EXPECT_EQ(code_of(cost), ErrorCode::kConflict);
  EXPECT_EQ(cost.error().field, "cost");
  EXPECT_EQ(code_of(sign_out_of_meal(db(), clock_, alice_, id, {})), ErrorCode::kConflict);
  EXPECT_EQ(code_of(sign_out_of_meal(db(), clock_, board_, id, lid(1001))), ErrorCode::kConflict);
  domain::MealFields retitled = dinner(350);
  retitled.title = "Stamppot (uitverkocht)";
  must(update_meal(db(), clock_, board_, id, retitled));  // other fields still change
  EXPECT_EQ(balance_of(*alice_.holder_id), Cents(650));
}

TEST_P(MealsTest, SignUpsPaidInTheOldSystemAreNeverCharged) {
  const std::int64_t id = new_meal(350);
  fund(*alice_.holder_id, 1000);
  fund(*bob_.holder_id, 1000);
  must(sign_up_self(alice_, id));
  must(sign_up_self(bob_, id));
  in_tx([&](storage::Transaction& tx) {
    return must(tx.query("UPDATE meal_signups SET paid_in_old_system = $1 WHERE holder_id = $2",
                         {true, *alice_.holder_id}));
  });
  ChargeOutcome outcome = must(charge_meal(db(), clock_, board_, id));
  ASSERT_EQ(outcome.charged.size(), 1u);
  EXPECT_EQ(outcome.charged[0].holder_id, *bob_.holder_id);
  EXPECT_EQ(outcome.already_settled, 1);
  EXPECT_EQ(balance_of(*alice_.holder_id), Cents(1000));
  EXPECT_EQ(code_of(delete_meal(db(), clock_, board_, id)), ErrorCode::kConflict);
}

TEST_P(MealsTest, AFreeMealHasNothingToCharge) {
  const std::int64_t id = new_meal(0);
  must(sign_up_self(alice_, id));
  Result<ChargeOutcome> r = charge_meal(db(), clock_, board_, id);
  EXPECT_EQ(code_of(r), ErrorCode::kConflict);
  EXPECT_EQ(r.error().field, "cost");
}

TEST_P(MealsTest, ConcurrentSignUpsAtTheMaximumNeverOvershoot) {
  constexpr int kThreads = 8;
  constexpr std::int64_t kMax = 3;
  const std::int64_t id = new_meal(350, kMax);
  std::vector<domain::Caller> people;
  for (int i = 0; i < kThreads; ++i) people.push_back(add_member("diner" + std::to_string(i)));
  std::atomic<int> ok{0}, full{0}, other{0}, ready{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      ++ready;
      while (ready.load() < kThreads) std::this_thread::yield();
      Result<storage::MealSignupRow> r = sign_up_self(people[t], id);
      if (r.ok()) {
        ++ok;
      } else if (r.error().code == ErrorCode::kConflict && r.error().field == "max_participants") {
        ++full;
      } else {
        ++other;
        ADD_FAILURE() << error_code_name(r.error().code) << ": " << r.error().message;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), kMax);
  EXPECT_EQ(full.load(), kThreads - kMax);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM meal_signups"), kMax);
}

TEST_P(MealsTest, ConcurrentChargesChargeEverySignUpOnce) {
  constexpr int kThreads = 4;
  const std::int64_t id = new_meal(350);
  for (const domain::Caller* who : {&alice_, &bob_, &carol_}) {
    fund(*who->holder_id, 1000);
    must(sign_up_self(*who, id, 2));
  }
  std::atomic<int> ready{0}, failed{0};
  std::atomic<std::size_t> charged{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      ++ready;
      while (ready.load() < kThreads) std::this_thread::yield();
      Result<ChargeOutcome> r = charge_meal(db(), clock_, board_, id);
      if (!r.ok()) {
        ++failed;
        ADD_FAILURE() << error_code_name(r.error().code) << ": " << r.error().message;
        return;
      }
      charged += r->charged.size();
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(charged.load(), 3u);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM transfers WHERE kind = 'meal_charge'"), 3);
  for (const domain::Caller* who : {&alice_, &bob_, &carol_}) {
    EXPECT_EQ(balance_of(*who->holder_id), Cents(300));
  }
}

TEST_P(MealsTest, AChangeAndItsAuditEntryRollBackTogether) {
  // An audit entry naming a user that does not exist fails (its foreign key) inside the
  // transaction: the meal must not stay without its entry.
  domain::Caller ghost = board_;
  ghost.user_id = 987654;
  ghost.is_superuser = true;
  EXPECT_FALSE(create_meal(db(), clock_, ghost, dinner()).ok());
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM meals"), 0);

  const std::int64_t id = new_meal(350);
  fund(*alice_.holder_id, 1000);
  must(sign_up_self(alice_, id));
  EXPECT_FALSE(charge_meal(db(), clock_, ghost, id).ok());
  EXPECT_EQ(balance_of(*alice_.holder_id), Cents(1000));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM transfers WHERE kind = 'meal_charge'"), 0);
}

TEST_P(MealsTest, TheOverviewReconcilesMealChargesOnALineOfTheirOwn) {
  const std::int64_t id = new_meal(350);
  fund(*alice_.holder_id, 1000);
  must(sign_up_self(alice_, id, 2));
  must(charge_meal(db(), clock_, board_, id));
  const LocalDate today = local_date_of(clock_.now_us());
  Overview o = must(overview(db(), board_, LocalDateRange{today, today}));
  bool found = false;
  for (const ReconciliationLine& line : o.reconciliation.lines) {
    if (line.kind != "meal_charge") continue;
    found = true;
    EXPECT_EQ(line.counter_account, "sales");
    EXPECT_EQ(line.transfers, 1);
    EXPECT_EQ(line.out_of_wallets, Cents(700));
  }
  EXPECT_TRUE(found);
  EXPECT_TRUE(o.reconciliation.balances);
}

TEST_P(MealsTest, MamonCheckFindsAChargeThatIsNotPortionsTimesCost) {
  const std::int64_t id = new_meal(350);
  fund(*alice_.holder_id, 1000);
  must(sign_up_self(alice_, id, 2));
  must(charge_meal(db(), clock_, board_, id));
  auto set_portions = [&](std::int64_t portions) {
    in_tx([&](storage::Transaction& tx) {
      return must(tx.query("UPDATE meal_signups SET portions = $1", {portions}));
    });
  };
  set_portions(3);
  std::vector<InvariantViolation> violations = must(check_ledger(db()));
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].invariant, "INV-6");
  EXPECT_NE(violations[0].detail.find("charge(s) of 700, portions x cost 1050"), std::string::npos)
      << violations[0].detail;
  set_portions(2);
  EXPECT_TRUE(must(check_ledger(db())).empty());
  auto set_paid_old = [&](bool paid) {
    in_tx([&](storage::Transaction& tx) {
      return must(tx.query("UPDATE meal_signups SET paid_in_old_system = $1", {paid}));
    });
  };
  set_paid_old(true);  // charged, yet marked paid in the old system: charged twice in effect
  violations = must(check_ledger(db()));
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_NE(violations[0].detail.find("paid in the old system"), std::string::npos);
  set_paid_old(false);
}

MAMON_SERVICE_SUITE(MealsTest);

}  // namespace
}  // namespace mamon::service
