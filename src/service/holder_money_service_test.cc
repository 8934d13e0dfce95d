// Balance corrections against the corrections account, credit floors, the board's card actions
// and their audit rows (written in the change's own transaction).
#include "service/holder_money_service.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "base/limits.h"
#include "service/cards_service.h"
#include "service/service_test_fixture.h"
#include "storage/ledger_repo.h"

namespace mamon::service {
namespace {

using testing::code_of;
using testing::must;

class HolderMoneyTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    member_ = add_member("member");
    admin_ = add_user("admin", false, {}, true);
    board_ = add_user("boardmember", false, {"Bestuur"});
    staff_ = add_staff("tapper");
    fund(*member_.holder_id, 1000);
  }

  Result<CorrectionResult> correct(std::int64_t cents, const domain::Caller& caller,
                                   std::string reason = "counting error") {
    return correct_balance(db(), clock_, caller,
                           BalanceCorrection{*member_.holder_id, Cents(cents), std::move(reason)});
  }

  // {action, detail} of the audit rows about `object_type`, oldest first.
  std::vector<std::pair<std::string, nlohmann::json>> audit_rows(const std::string& object_type) {
    auto r = in_tx([&](storage::Transaction& tx) {
      return must(
          tx.query("SELECT action, detail FROM audit_log WHERE object_type = $1 "
                   "ORDER BY id",
                   {object_type}));
    });
    std::vector<std::pair<std::string, nlohmann::json>> out;
    for (const auto& row : r.rows) {
      out.emplace_back(row.get_text(0), nlohmann::json::parse(row.get_text(1)));
    }
    return out;
  }

  std::vector<storage::Transfer> correction_transfers() {
    auto r = in_tx([&](storage::Transaction& tx) {
      return must(
          tx.query("SELECT debit_account_id, credit_account_id, amount_cents FROM "
                   "transfers WHERE kind = 'correction' ORDER BY id"));
    });
    std::vector<storage::Transfer> out;
    for (const auto& row : r.rows) {
      storage::Transfer t;
      t.debit_account_id = row.get_int(0);
      t.credit_account_id = row.get_int(1);
      t.amount = Cents(row.get_int(2));
      out.push_back(t);
    }
    return out;
  }

  domain::Caller member_, admin_, board_, staff_;
};

TEST_P(HolderMoneyTest, CorrectionsMoveMoneyAgainstTheCorrectionsAccount) {
  const std::int64_t wallet = account(domain::wallet_account_name(member_.user_id)).id;
  const std::int64_t corrections = account(domain::kAccountCorrections).id;
  const CorrectionResult up = must(correct(250, admin_));
  EXPECT_EQ(up.balance_before, Cents(1000));
  EXPECT_EQ(up.balance_after, Cents(1250));
  const CorrectionResult down = must(correct(-400, admin_));
  EXPECT_EQ(down.balance_after, Cents(850));
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(850));

  const auto transfers = correction_transfers();
  ASSERT_EQ(transfers.size(), 2u);
  EXPECT_EQ(transfers[0].debit_account_id, corrections);
  EXPECT_EQ(transfers[0].credit_account_id, wallet);
  EXPECT_EQ(transfers[0].amount, Cents(250));
  EXPECT_EQ(transfers[1].debit_account_id, wallet);
  EXPECT_EQ(transfers[1].credit_account_id, corrections);
  EXPECT_EQ(transfers[1].amount, Cents(400));
  EXPECT_EQ(account(domain::kAccountCorrections).balance(), Cents(150));

  // The funding top-up is audited on its wallet upgrade (object "wallet_upgrade"), not here.
  const auto audit = audit_rows("holder");
  ASSERT_EQ(audit.size(), 2u);  // the two corrections
  EXPECT_EQ(audit[0].first, "correct_balance");
  EXPECT_EQ(audit[0].second["balance_cents"], nlohmann::json::array({1000, 1250}));
  EXPECT_EQ(audit[1].second["amount_cents"], -400);
  EXPECT_EQ(audit[1].second["reason"], "counting error");
}

TEST_P(HolderMoneyTest, CorrectionRefusals) {
  EXPECT_EQ(code_of(correct(100, board_)), ErrorCode::kPermissionDenied);
  EXPECT_EQ(correct(100, staff_).error().permission, "manage_users");
  EXPECT_EQ(correct(0, admin_).error().field, "amount");
  EXPECT_EQ(code_of(correct(limits::kMoneyAbsMaxCents + 1, admin_)), ErrorCode::kInvalidAmount);
  EXPECT_EQ(correct(100, admin_, " ").error().field, "reason");
  const auto too_much = correct(-1001, admin_);
  EXPECT_EQ(code_of(too_much), ErrorCode::kInsufficientFunds);
  EXPECT_EQ(too_much.error().field, "amount");
  EXPECT_EQ(code_of(correct_balance(db(), clock_, admin_, {9999, Cents(5), "x"})),
            ErrorCode::kHolderNotFound);
  EXPECT_TRUE(correction_transfers().empty());
  EXPECT_TRUE(audit_rows("holder").empty());  // (the funding top-up is audited as a wallet_upgrade)
}

TEST_P(HolderMoneyTest, CreditFloorLetsTheBalanceGoBelowZero) {
  EXPECT_EQ(code_of(set_credit_floor(db(), clock_, board_, *member_.holder_id, Cents(-500))),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(set_credit_floor(db(), clock_, admin_, *member_.holder_id, Cents(1)).error().field,
            "floor");
  must(set_credit_floor(db(), clock_, admin_, *member_.holder_id, Cents(-500)));
  EXPECT_EQ(account(domain::wallet_account_name(member_.user_id)).floor, Cents(-500));
  // Now a correction may take the balance to -500, not below.
  EXPECT_EQ(code_of(correct(-1501, admin_)), ErrorCode::kInsufficientFunds);
  must(correct(-1500, admin_));
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(-500));
  // The floor cannot be raised above the balance.
  const Status raise = set_credit_floor(db(), clock_, admin_, *member_.holder_id, Cents(0));
  EXPECT_EQ(code_of(raise), ErrorCode::kInvalidInput);
  EXPECT_EQ(raise.error().field, "floor");
  // The same floor again changes nothing and logs nothing.
  must(set_credit_floor(db(), clock_, admin_, *member_.holder_id, Cents(-500)));
  std::size_t floor_rows = 0;
  for (const auto& [action, detail] : audit_rows("holder")) {
    if (action != "set_credit_floor") continue;
    ++floor_rows;
    EXPECT_EQ(detail["floor_cents"], nlohmann::json::array({0, -500}));
  }
  EXPECT_EQ(floor_rows, 1u);
}

TEST_P(HolderMoneyTest, FailingAuditRollsTheCorrectionBack) {
  refuse_audit_entries();
  EXPECT_FALSE(correct(300, admin_).ok());
  EXPECT_FALSE(set_credit_floor(db(), clock_, admin_, *member_.holder_id, Cents(-100)).ok());
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(1000));
  EXPECT_TRUE(correction_transfers().empty());
  EXPECT_EQ(account(domain::wallet_account_name(member_.user_id)).floor, Cents(0));
}

TEST_P(HolderMoneyTest, BoardCardActionsAreAuditedAndBlockAtOnce) {
  must(link_card(db(), clock_, board_, LinkCardRequest{"04a1b2", "keyring", member_.user_id}));
  EXPECT_TRUE(get_card(db(), staff_, "04A1B2").ok());
  const std::int64_t holder = *member_.holder_id;
  must(change_holder_card(db(), clock_, board_, holder, "04a1b2", CardAction::kBlock));
  EXPECT_EQ(code_of(get_card(db(), staff_, "04A1B2")), ErrorCode::kCardNotFound);
  must(change_holder_card(db(), clock_, board_, holder, "04a1b2", CardAction::kBlock));  // no-op
  must(change_holder_card(db(), clock_, board_, holder, "04a1b2", CardAction::kUnblock));
  EXPECT_TRUE(get_card(db(), staff_, "04A1B2").ok());
  must(change_holder_card(db(), clock_, board_, holder, "04a1b2", CardAction::kMarkLost));
  EXPECT_EQ(code_of(get_card(db(), staff_, "04A1B2")), ErrorCode::kCardNotFound);
  // Another holder's id does not reach the card.
  EXPECT_EQ(code_of(change_holder_card(db(), clock_, board_, *staff_.holder_id, "04a1b2",
                                       CardAction::kUnlink)),
            ErrorCode::kCardNotFound);
  EXPECT_EQ(
      code_of(change_holder_card(db(), clock_, member_, holder, "04a1b2", CardAction::kUnlink)),
      ErrorCode::kPermissionDenied);
  must(change_holder_card(db(), clock_, board_, holder, "04a1b2", CardAction::kUnlink));
  EXPECT_TRUE(must(list_holder_cards(db(), board_, holder)).empty());

  std::vector<std::string> actions;
  for (const auto& [action, detail] : audit_rows("card")) actions.push_back(action);
  EXPECT_EQ(actions, (std::vector<std::string>{"link_card", "block_card", "unblock_card",
                                               "mark_card_lost", "unlink_card"}));
  EXPECT_EQ(audit_rows("card")[1].second["blocked"], nlohmann::json::array({false, true}));
}

INSTANTIATE_TEST_SUITE_P(Backends, HolderMoneyTest,
                         ::testing::ValuesIn(mamon::testing::backends_under_test()),
                         testing::backend_param_name);

}  // namespace
}  // namespace mamon::service
