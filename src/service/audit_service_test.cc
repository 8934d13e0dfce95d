// The audit log (issue 9 item 8) on every backend: reading it with filters and pages, the export
// of exactly the filtered entries, who may read it, the readable before → after, and the entries
// that top-ups, refunds, reports and website logins write in their own transaction.
#include "service/audit_service.h"

#include <nlohmann/json.hpp>

#include "service/auth_service.h"
#include "service/passwords.h"
#include "service/reports_service.h"
#include "service/service_test_fixture.h"
#include "service/web_sessions_service.h"
#include "storage/audit_repo.h"

namespace mamon::service {
namespace {

using testing::code_of;
using testing::must;

constexpr TimestampUs kHourUs = 3600LL * 1'000'000;

class AuditServiceTest : public testing::ServiceTest {
 protected:
  AuditServiceTest() { config_.secret_key = "secret-key-for-tests-0123456789abcdef"; }

  void write(std::optional<std::int64_t> user_id, std::string action, std::string object_type,
             std::string object_id, std::string detail, TimestampUs at_us) {
    in_tx([&](storage::Transaction& tx) {
      storage::NewAuditEntry e{user_id, action, object_type, object_id, detail, at_us};
      must(storage::insert_audit_entry(tx, e));
      return 0;
    });
  }

  AuditFilter everything() const {
    AuditFilter f;
    f.from_us = 0;
    f.to_us = testing::kStartUs + 1000 * kHourUs;
    return f;
  }

  std::vector<storage::AuditEntry> all_entries() {
    domain::Caller root = must(load_caller(db(), root_.user_id));
    return must(export_audit_log(db(), root, everything()));
  }

  Config config_;
  domain::Caller root_ = add_user("root", false, {}, /*superuser=*/true);
};

TEST(AuditDetailTest, BeforeAndAfterObjectsBecomeOneChangePerChangedField) {
  AuditDetailView d = describe_audit_detail(
      R"({"role": "Bestuur", "before": {"price": "2.50", "active": true, "name": "Pils"},
          "after": {"price": "2.75", "active": false, "name": "Pils", "color": "#ff0000"}})");
  ASSERT_EQ(d.changes.size(), 3u);
  EXPECT_EQ(d.changes[0].field, "active");
  EXPECT_EQ(d.changes[0].before, "true");
  EXPECT_EQ(d.changes[0].after, "false");
  EXPECT_EQ(d.changes[1].field, "color");
  EXPECT_EQ(d.changes[1].before, "—");
  EXPECT_EQ(d.changes[1].after, "#ff0000");
  EXPECT_EQ(d.changes[2].field, "price");
  EXPECT_EQ(d.facts, std::vector<std::string>{"role: Bestuur"});
}

TEST(AuditDetailTest, ACreationShowsEveryFieldAndPlainValuesOneChange) {
  AuditDetailView created =
      describe_audit_detail(R"({"before": null, "after": {"name": "X", "description": ""}})");
  ASSERT_EQ(created.changes.size(), 1u);
  EXPECT_EQ(created.changes[0].before, "—");
  EXPECT_EQ(created.changes[0].after, "X");
  AuditDetailView flag =
      describe_audit_detail(R"({"permission": "sell", "before": false, "after": true})");
  ASSERT_EQ(flag.changes.size(), 1u);
  EXPECT_EQ(flag.changes[0].field, "");
  EXPECT_EQ(flag.changes[0].before, "false");
  EXPECT_EQ(flag.facts, std::vector<std::string>{"permission: sell"});
  AuditDetailView text = describe_audit_detail("own password changed on the website");
  EXPECT_TRUE(text.changes.empty());
  EXPECT_EQ(text.facts, std::vector<std::string>{"own password changed on the website"});
}

TEST_P(AuditServiceTest, OnlyViewAuditLogMayReadIt) {
  const domain::Caller member = add_member("member");
  const domain::Caller tapper = add_staff("tapper");
  const domain::Caller kas = add_user("kas", false, {"Kascommissie"});
  const domain::Caller board = add_user("board", false, {"Bestuur"});
  for (const domain::Caller* refused : {&member, &tapper}) {
    EXPECT_EQ(code_of(list_audit_log(db(), *refused, everything(), {})),
              ErrorCode::kPermissionDenied);
    EXPECT_EQ(code_of(export_audit_log(db(), *refused, everything())),
              ErrorCode::kPermissionDenied);
    EXPECT_EQ(code_of(audit_filter_choices(db(), *refused)), ErrorCode::kPermissionDenied);
  }
  for (const domain::Caller* allowed : {&kas, &board, static_cast<const domain::Caller*>(&root_)}) {
    must(list_audit_log(db(), *allowed, everything(), {}), "list");
  }
}

TEST_P(AuditServiceTest, FiltersPagesAndTheExportHoldExactlyTheMatchingEntries) {
  const domain::Caller anna = add_member("anna");
  const TimestampUs t0 = testing::kStartUs;
  write(anna.user_id, "update_product", "product", "7", R"({"before":1,"after":2})", t0);
  write(anna.user_id, "update_product", "product", "8", "{}", t0 + kHourUs);
  write(root_.user_id, "update_product", "product", "7", "{}", t0 + 2 * kHourUs);
  write(root_.user_id, "grant_permission", "role", "3", "{}", t0 + 3 * kHourUs);
  write(std::nullopt, "import", "product", "7", "{}", t0 + 4 * kHourUs);

  AuditFilter f = everything();
  f.user_id = anna.user_id;
  AuditList by_anna = must(list_audit_log(db(), root_, f, {}));
  EXPECT_EQ(by_anna.page.total, 2);
  ASSERT_EQ(by_anna.page.items.size(), 2u);
  EXPECT_EQ(by_anna.page.items[0].object_id, "8");  // newest first
  EXPECT_EQ(by_anna.page.items[0].username, "anna");
  EXPECT_EQ(by_anna.page.items[0].user_name, "anna Tester");

  f = everything();
  f.object_type = "product";
  f.object_id = "7";
  EXPECT_EQ(must(list_audit_log(db(), root_, f, {})).page.total, 3);
  f.action = "update_product";
  EXPECT_EQ(must(list_audit_log(db(), root_, f, {})).page.total, 2);

  f = everything();  // a range: [t0 + 1 h, t0 + 3 h)
  f.from_us = t0 + kHourUs;
  f.to_us = t0 + 3 * kHourUs;
  std::vector<storage::AuditEntry> exported = must(export_audit_log(db(), root_, f));
  ASSERT_EQ(exported.size(), 2u);
  EXPECT_EQ(exported[0].created_at_us, t0 + 2 * kHourUs);
  EXPECT_EQ(exported[1].created_at_us, t0 + kHourUs);

  // Pages of 2 over the 5: 2, 2, 1, with the total on each.
  AuditList page3 = must(list_audit_log(db(), root_, everything(), {3, 2}));
  EXPECT_EQ(page3.page.total, 5);
  ASSERT_EQ(page3.page.items.size(), 1u);
  EXPECT_EQ(page3.page.items[0].action, "update_product");
  EXPECT_EQ(page3.page.items[0].created_at_us, t0);
  // The system's entry has no user.
  EXPECT_FALSE(must(list_audit_log(db(), root_, everything(), {1, 1})).page.items[0].user_id);

  AuditChoices choices = must(audit_filter_choices(db(), root_));
  EXPECT_EQ(choices.actions,
            (std::vector<std::string>{"grant_permission", "import", "update_product"}));
  EXPECT_EQ(choices.object_types, (std::vector<std::string>{"product", "role"}));

  f = everything();
  f.to_us = f.from_us - 1;
  Result<AuditList> reversed = list_audit_log(db(), root_, f, {});
  ASSERT_EQ(code_of(reversed), ErrorCode::kInvalidInput);
  EXPECT_EQ(reversed.error().field, "end");
  EXPECT_EQ(code_of(list_audit_log(db(), root_, everything(), {0, 10})), ErrorCode::kInvalidInput);
}

TEST_P(AuditServiceTest, TopUpsAndRefundsAreAuditedWithTheBalanceBeforeAndAfter) {
  const domain::Caller anna = add_member("anna");
  const domain::Caller staff = add_staff("staff");
  WalletUpgradeRequest top_up;
  top_up.input.amount = Cents(1000);
  top_up.input.cash = true;
  top_up.input.comment = "cash at the bar";
  top_up.holder_id = anna.holder_id;
  WalletUpgradeResult up = must(record_wallet_upgrade(db(), clock_, staff, top_up), "top up");
  WalletUpgradeRequest refund = top_up;
  refund.input.refund = true;
  refund.input.amount = Cents(250);
  must(record_wallet_upgrade(db(), clock_, staff, refund), "refund");
  // A refund the wallet cannot pay is refused: its transaction, audit row included, is gone.
  refund.input.amount = Cents(1000);  // within the refund bound, above the 7.50
  EXPECT_EQ(code_of(record_wallet_upgrade(db(), clock_, staff, refund)),
            ErrorCode::kInsufficientFunds);

  std::vector<storage::AuditEntry> entries = all_entries();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[1].action, "top_up");
  EXPECT_EQ(entries[1].user_id, staff.user_id);
  EXPECT_EQ(entries[1].object_type, "wallet_upgrade");
  EXPECT_EQ(entries[1].object_id, std::to_string(up.upgrade.id));
  nlohmann::json detail = nlohmann::json::parse(entries[1].detail);
  EXPECT_EQ(detail["before"]["balance"], "0.00");
  EXPECT_EQ(detail["after"]["balance"], "10.00");
  EXPECT_EQ(detail["comment"], "cash at the bar");
  EXPECT_EQ(entries[0].action, "refund");
  detail = nlohmann::json::parse(entries[0].detail);
  EXPECT_EQ(detail["before"]["balance"], "10.00");
  EXPECT_EQ(detail["after"]["balance"], "7.50");
  EXPECT_EQ(detail["amount"], "2.50");
}

TEST_P(AuditServiceTest, FiledReportsAreAudited) {
  const domain::Caller staff = add_staff("staff");
  ReportRequest open;
  open.action = "open";
  open.total_cash = Cents(5000);
  open.flow_meter1 = 100;
  FiledReport filed = must(file_report(db(), clock_, staff, open), "open");
  EXPECT_EQ(code_of(file_report(db(), clock_, staff, open)), ErrorCode::kBarCycleAlreadyOpen);
  std::vector<storage::AuditEntry> entries = all_entries();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].action, "file_report");
  EXPECT_EQ(entries[0].object_id, std::to_string(filed.report.id));
  nlohmann::json detail = nlohmann::json::parse(entries[0].detail);
  EXPECT_EQ(detail["report_action"], "open");
  EXPECT_EQ(detail["total_cash"], "50.00");
  EXPECT_EQ(detail["bar_cycle_id"], filed.cycle.id);
}

TEST_P(AuditServiceTest, WebsiteLoginsAreAuditedAndFailuresWithoutThePassword) {
  const domain::Caller anna = add_member("anna");
  const std::string hash = must(hash_password("anna's pw"), "hash");
  in_tx([&](storage::Transaction& tx) {
    must(storage::set_user_password_hash(tx, anna.user_id, hash));
    return 0;
  });
  AuthService auth(db(), clock_, config_);
  WebSessionsService sessions(db(), clock_, auth);
  must(sessions.log_in("anna", "anna's pw", "10.1.2.3", "nl", ""), "log in");
  EXPECT_EQ(code_of(sessions.log_in("anna", "a wrong pw", "10.1.2.4", "nl", "")),
            ErrorCode::kInvalidCredentials);
  std::vector<storage::AuditEntry> entries = all_entries();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[1].action, "web_login");
  EXPECT_EQ(entries[1].user_id, anna.user_id);
  EXPECT_EQ(nlohmann::json::parse(entries[1].detail)["address"], "10.1.2.3");
  EXPECT_EQ(entries[0].action, "web_login_failed");
  EXPECT_FALSE(entries[0].user_id);
  EXPECT_EQ(entries[0].object_id, "anna");
  EXPECT_EQ(entries[0].detail.find("wrong pw"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(entries[0].detail)["address"], "10.1.2.4");
}

MAMON_SERVICE_SUITE(AuditServiceTest);

}  // namespace
}  // namespace mamon::service
