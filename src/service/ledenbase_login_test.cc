// The ledenbase login (DESIGN.md §8) through AuthService with a fake ledenbase, on every backend:
// new, returning and renamed members, a holder linked to another member, wrong passwords, a
// ledenbase that is down or too slow, and LEDENBASE_ADMINS.
#include "service/ledenbase_login.h"

#include <map>
#include <nlohmann/json.hpp>

#include "service/passwords.h"
#include "service/service_test_fixture.h"
#include "storage/login_attempts_repo.h"

namespace mamon::service {
namespace {

using testing::code_of;
using testing::must;

// A ledenbase that knows some members by username and password and counts every question.
class FakeLedenbaseGateway : public LedenbaseGateway {
 public:
  Result<std::optional<LedenbaseMember>> log_in(std::string_view username,
                                                std::string_view password) const override {
    ++calls;
    if (failure) return *failure;
    auto it = members.find(std::string(username));
    if (it == members.end() || it->second.first != password) {
      return std::optional<LedenbaseMember>();
    }
    return std::optional<LedenbaseMember>(it->second.second);
  }

  void add(const std::string& username, const std::string& password, LedenbaseMember member) {
    members[username] = {password, std::move(member)};
  }

  mutable int calls = 0;
  std::map<std::string, std::pair<std::string, LedenbaseMember>> members;
  std::optional<Error> failure;  // every call answers this (down, slow)
};

LedenbaseMember jan() {
  LedenbaseMember m;
  m.id = 42;
  m.voornaam = "Jan";
  m.tussenvoegsel = "van der";
  m.achternaam = "Berg";
  m.foto = "https://leden.example/media/jan.jpg";
  return m;
}

struct AuditRow {
  std::string action;
  std::optional<std::int64_t> user_id;
  std::string object_id;
  nlohmann::json detail;
};

class LedenbaseLoginTest : public testing::ServiceTest {
 protected:
  LedenbaseLoginTest() { config_.secret_key = "secret-key-for-tests-0123456789abcdef"; }

  Result<IssuedTokens> log_in(std::string_view username, std::string_view password,
                              std::string admins_group = "") {
    LedenbaseLogin ledenbase(db(), clock_, gateway_, std::move(admins_group));
    AuthService auth(db(), clock_, config_, &ledenbase);
    return auth.login(username, password, "10.0.0.9");
  }

  std::vector<AuditRow> audit_rows() {
    return in_tx([&](storage::Transaction& tx) {
      storage::QueryResult r =
          must(tx.query("SELECT action, user_id, object_id, detail FROM audit_log ORDER BY id"));
      std::vector<AuditRow> rows;
      for (const storage::Row& row : r.rows) {
        rows.push_back({row.get_text(0), row.get_opt_int(1), row.get_text(2),
                        nlohmann::json::parse(row.get_text(3))});
      }
      return rows;
    });
  }

  std::int64_t user_count() {
    return in_tx([&](storage::Transaction& tx) {
      return must(tx.query("SELECT COUNT(*) FROM users")).rows.front().get_int(0);
    });
  }

  std::int64_t failures_of(const std::string& username) {
    storage::LoginFailureCounts counts = in_tx([&](storage::Transaction& tx) {
      return must(storage::find_login_failures(tx, username, "10.0.0.9", 0));
    });
    return counts.username ? counts.username->failures : 0;
  }

  Config config_;
  FakeLedenbaseGateway gateway_;
};

TEST(LedenbaseLastNameTest, JoinsTussenvoegselAndAchternaamWithOneSpace) {
  EXPECT_EQ(ledenbase_last_name("van der", "Berg"), "van der Berg");
  EXPECT_EQ(ledenbase_last_name("", "Berg"), "Berg");
  EXPECT_EQ(ledenbase_last_name("de", ""), "de");
  EXPECT_EQ(ledenbase_last_name("", ""), "");
  EXPECT_EQ(ledenbase_last_name(" van ", " Dijk "), "van Dijk");
}

TEST_P(LedenbaseLoginTest, ANewMemberGetsAUserAndHolderWithoutLocalPassword) {
  gateway_.add("jan", "ledenbase pw", jan());
  const std::int64_t users_before = user_count();
  IssuedTokens tokens = must(log_in("jan", "ledenbase pw"), "first login");
  EXPECT_EQ(user_count(), users_before + 1);
  const UserProfile& p = tokens.profile;
  EXPECT_EQ(p.user.username, "jan");
  EXPECT_EQ(p.user.first_name, "Jan");
  EXPECT_EQ(p.user.last_name, "van der Berg");
  EXPECT_EQ(p.user.password_hash, "");  // the ledenbase stays the only way in
  EXPECT_FALSE(p.user.is_superuser);
  EXPECT_TRUE(p.groups.empty());
  ASSERT_TRUE(p.holder);
  EXPECT_EQ(p.holder->ledenbase_id, 42);
  EXPECT_EQ(p.holder->image_ledenbase, "https://leden.example/media/jan.jpg");
  EXPECT_EQ(balance_of(p.holder->id), Cents(0));
  std::vector<AuditRow> audit = audit_rows();
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "ledenbase_user_created");
  EXPECT_EQ(audit[0].user_id, p.user.id);
  EXPECT_EQ(audit[0].object_id, std::to_string(p.user.id));
  EXPECT_TRUE(audit[0].detail["before"].is_null());
  EXPECT_EQ(audit[0].detail["after"]["last_name"], "van der Berg");
  EXPECT_EQ(audit[0].detail["after"]["ledenbase_id"], 42);
  EXPECT_EQ(audit[0].detail.dump().find("ledenbase pw"), std::string::npos);
}

TEST_P(LedenbaseLoginTest, AReturningMemberIsFoundByLedenbaseIdAndBroughtUpToDate) {
  gateway_.add("jan", "pw", jan());
  const std::int64_t user_id = must(log_in("jan", "pw"), "first").profile.user.id;
  // Unchanged in the ledenbase: same user, nothing new in the audit log.
  EXPECT_EQ(must(log_in("jan", "pw"), "second").profile.user.id, user_id);
  EXPECT_EQ(audit_rows().size(), 1u);
  // Married, new photo, no tussenvoegsel any more (null in the ledenbase is empty here).
  LedenbaseMember changed = jan();
  changed.tussenvoegsel = "";
  changed.achternaam = "Jansen";
  changed.foto = "";
  gateway_.add("jan", "pw", changed);
  IssuedTokens third = must(log_in("jan", "pw"), "third");
  EXPECT_EQ(third.profile.user.id, user_id);
  EXPECT_EQ(third.profile.user.last_name, "Jansen");
  EXPECT_EQ(third.profile.holder->image_ledenbase, "");
  std::vector<AuditRow> audit = audit_rows();
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[1].action, "ledenbase_user_updated");
  EXPECT_EQ(audit[1].detail["before"]["last_name"], "van der Berg");
  EXPECT_EQ(audit[1].detail["after"]["last_name"], "Jansen");
}

TEST_P(LedenbaseLoginTest, ARenamedMemberKeepsTheirAccountUnderTheNewUsername) {
  gateway_.add("jan", "pw", jan());
  IssuedTokens first = must(log_in("jan", "pw"), "first");
  fund(first.profile.holder->id, 1250);
  gateway_.members.clear();
  gateway_.add("jan.berg", "pw", jan());  // same member id, new username
  IssuedTokens renamed = must(log_in("jan.berg", "pw"), "renamed");
  EXPECT_EQ(renamed.profile.user.id, first.profile.user.id);
  EXPECT_EQ(renamed.profile.user.username, "jan.berg");
  EXPECT_EQ(balance_of(renamed.profile.holder->id), Cents(1250));
  EXPECT_EQ(audit_rows().back().detail["before"]["username"], "jan");
  EXPECT_EQ(audit_rows().back().detail["after"]["username"], "jan.berg");
}

TEST_P(LedenbaseLoginTest, ARenameOntoAnotherAccountsUsernameIsAConflict) {
  gateway_.add("jan", "pw", jan());
  const std::int64_t jan_id = must(log_in("jan", "pw"), "first").profile.user.id;
  add_user("jberg", false, {}, false, /*ledenbase_id=*/77);  // another member, no password
  gateway_.members.clear();
  gateway_.add("jberg", "pw", jan());  // the ledenbase now calls member 42 "jberg"
  EXPECT_EQ(code_of(log_in("jberg", "pw")), ErrorCode::kConflict);
  UserProfile jan_now = must(load_user_profile(db(), jan_id));
  EXPECT_EQ(jan_now.user.username, "jan");
}

TEST_P(LedenbaseLoginTest, AnImportedMemberWithoutPasswordIsFoundByUsernameAndUpdated) {
  const domain::Caller piet = add_user("piet", false, {}, false, /*ledenbase_id=*/7);
  LedenbaseMember member = jan();
  member.id = 7;
  member.voornaam = "Piet";
  gateway_.add("piet", "pw", member);
  IssuedTokens tokens = must(log_in("piet", "pw"), "login");
  EXPECT_EQ(tokens.profile.user.id, piet.user_id);
  EXPECT_EQ(tokens.profile.user.first_name, "Piet");
  EXPECT_EQ(audit_rows().back().action, "ledenbase_user_updated");
}

TEST_P(LedenbaseLoginTest, AHolderLinkedToAnotherMemberIsAConflictNeverARelink) {
  const domain::Caller kees = add_user("kees", false, {}, false, /*ledenbase_id=*/8);
  LedenbaseMember other = jan();
  other.id = 9;  // the ledenbase's "kees" is somebody else
  gateway_.add("kees", "pw", other);
  Result<IssuedTokens> login = log_in("kees", "pw");
  ASSERT_EQ(code_of(login), ErrorCode::kConflict);
  EXPECT_NE(login.error().message.find("another ledenbase member"), std::string::npos);
  UserProfile now = must(load_user_profile(db(), kees.user_id));
  EXPECT_EQ(now.holder->ledenbase_id, 8);
  EXPECT_TRUE(audit_rows().empty());  // the refused change wrote nothing, its audit row neither
}

TEST_P(LedenbaseLoginTest, AWrongPasswordIsInvalidCredentialsCountedAndCreatesNobody) {
  gateway_.add("jan", "pw", jan());
  const std::int64_t users_before = user_count();
  EXPECT_EQ(code_of(log_in("jan", "wrong")), ErrorCode::kInvalidCredentials);
  EXPECT_EQ(code_of(log_in("nobody", "pw")), ErrorCode::kInvalidCredentials);
  EXPECT_EQ(gateway_.calls, 2);
  EXPECT_EQ(user_count(), users_before);
  EXPECT_EQ(failures_of("jan"), 1);
  EXPECT_TRUE(audit_rows().empty());
}

TEST_P(LedenbaseLoginTest, ALocalPasswordIsNeverOverruledByTheLedenbase) {
  const domain::Caller anna = add_user("anna", false, {}, false, /*ledenbase_id=*/5);
  const std::string hash = must(hash_password("local pw"), "hash");
  in_tx([&](storage::Transaction& tx) {
    must(storage::set_user_password_hash(tx, anna.user_id, hash));
    return 0;
  });
  LedenbaseMember member = jan();
  member.id = 5;
  gateway_.add("anna", "ledenbase pw", member);
  EXPECT_EQ(code_of(log_in("anna", "ledenbase pw")), ErrorCode::kInvalidCredentials);
  EXPECT_EQ(gateway_.calls, 0);
  EXPECT_EQ(must(log_in("anna", "local pw"), "local").profile.user.id, anna.user_id);
  EXPECT_EQ(gateway_.calls, 0);
}

TEST_P(LedenbaseLoginTest, AnInactiveMemberIsRefusedAndNotReactivated) {
  gateway_.add("jan", "pw", jan());
  const std::int64_t user_id = must(log_in("jan", "pw"), "first").profile.user.id;
  in_tx([&](storage::Transaction& tx) {
    return must(tx.query("UPDATE users SET is_active = $1 WHERE id = $2", {false, user_id}));
  });
  EXPECT_EQ(code_of(log_in("jan", "pw")), ErrorCode::kInvalidCredentials);
  EXPECT_EQ(audit_rows().size(), 1u);
}

// Down and too slow look the same here: the client (integrations/ledenbase_client.h) gives up
// after limits.h's timeouts and says so; tests/http/test_ledenbase.py runs a real slow server.
TEST_P(LedenbaseLoginTest, ALedenbaseThatIsDownOrTooSlowIsUnavailableWhileLocalAccountsWork) {
  const domain::Caller local = add_user("local");
  const std::string hash = must(hash_password("local pw"), "hash");
  in_tx([&](storage::Transaction& tx) {
    must(storage::set_user_password_hash(tx, local.user_id, hash));
    return 0;
  });
  for (const char* reason : {"The ledenbase is not available: leden.example did not answer: "
                             "Couldn't connect to server.",
                             "The ledenbase is not available: leden.example did not answer: "
                             "Timeout was reached."}) {
    gateway_.failure = make_error(ErrorCode::kUnavailable, reason);
    Result<IssuedTokens> refused = log_in("jan", "pw");
    ASSERT_EQ(code_of(refused), ErrorCode::kUnavailable);
    EXPECT_EQ(refused.error().message, reason);
    EXPECT_EQ(failures_of("jan"), 0);  // not the member's mistake: no failure counted
    EXPECT_EQ(must(log_in("local", "local pw"), "local").profile.user.id, local.user_id);
  }
}

TEST_P(LedenbaseLoginTest, LedenbaseAdministratorsGetNothingUnlessLedenbaseAdminsNamesAGroup) {
  LedenbaseMember admin = jan();
  admin.is_administrator = true;
  gateway_.add("jan", "pw", admin);
  // LEDENBASE_ADMINS=none: an administrator is an ordinary member here, never a superuser.
  IssuedTokens none = must(log_in("jan", "pw"), "none");
  EXPECT_FALSE(none.profile.user.is_superuser);
  EXPECT_TRUE(none.profile.groups.empty());
  // LEDENBASE_ADMINS=Bestuur: the administrator joins the group (audited).
  IssuedTokens board = must(log_in("jan", "pw", "Bestuur"), "Bestuur");
  EXPECT_EQ(board.profile.groups, std::vector<std::string>{"Bestuur"});
  EXPECT_FALSE(board.profile.user.is_superuser);
  EXPECT_TRUE(board.profile.permissions.contains(domain::Permission::kViewAuditLog));
  EXPECT_EQ(audit_rows().back().detail["before"]["in_admins_group"], false);
  EXPECT_EQ(audit_rows().back().detail["after"]["in_admins_group"], true);
  // Not an administrator any more: the board's membership is left alone (never removed).
  gateway_.add("jan", "pw", jan());
  EXPECT_EQ(must(log_in("jan", "pw", "Bestuur"), "again").profile.groups,
            std::vector<std::string>{"Bestuur"});
  // A member who is no administrator joins nothing.
  LedenbaseMember piet = jan();
  piet.id = 43;
  gateway_.add("piet", "pw", piet);
  EXPECT_TRUE(must(log_in("piet", "pw", "Bestuur"), "piet").profile.groups.empty());
}

TEST_P(LedenbaseLoginTest, LedenbaseAdminsMustNameAGroupThatExists) {
  must(check_ledenbase_admins_group(db(), ""), "none");
  must(check_ledenbase_admins_group(db(), "Bestuur"), "a default group");
  Status missing = check_ledenbase_admins_group(db(), "Bestuurr");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(missing.error().message.find("'Bestuurr', which does not exist"), std::string::npos);
}

MAMON_SERVICE_SUITE(LedenbaseLoginTest);

}  // namespace
}  // namespace mamon::service
