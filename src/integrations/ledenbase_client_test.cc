// Reading the ledenbase's answers (DESIGN.md §8); the HTTP side runs against a fake server in
// tests/http/test_ledenbase.py.
#include "integrations/ledenbase_client.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace mamon::integrations {
namespace {

TEST(LedenbaseClient, ReadsAMember) {
  auto member = parse_ledenbase_member(R"({"id": 42, "voornaam": "Jan", "tussenvoegsel": "van",
      "achternaam": "Berg", "foto": "https://leden.example/jan.jpg", "is_administrator": true,
      "email": "ignored@example.org"})");
  ASSERT_TRUE(member.ok()) << member.error().message;
  EXPECT_EQ(member->id, 42);
  EXPECT_EQ(member->voornaam, "Jan");
  EXPECT_EQ(member->tussenvoegsel, "van");
  EXPECT_EQ(member->achternaam, "Berg");
  EXPECT_EQ(member->foto, "https://leden.example/jan.jpg");
  EXPECT_TRUE(member->is_administrator);
}

TEST(LedenbaseClient, NullOrMissingTextIsEmptyAndAdministratorFalse) {
  auto member = parse_ledenbase_member(R"({"id": 7, "voornaam": "Piet", "tussenvoegsel": null,
      "achternaam": "Jansen", "foto": null})");
  ASSERT_TRUE(member.ok()) << member.error().message;
  EXPECT_EQ(member->tussenvoegsel, "");
  EXPECT_EQ(member->foto, "");
  EXPECT_FALSE(member->is_administrator);
}

TEST(LedenbaseClient, AnUnreadableMemberIsUnavailableNamingWhatIsWrong) {
  for (auto [text, what] : {std::pair{"[]", "not a JSON object"},
                            std::pair{"{\"voornaam\": \"x\"}", "no positive integer id"},
                            std::pair{"{\"id\": 0}", "no positive integer id"},
                            std::pair{"{\"id\": \"42\"}", "no positive integer id"},
                            std::pair{"{\"id\": 4, \"achternaam\": 3}", "achternaam is not text"},
                            std::pair{"{\"id\": 4, \"is_administrator\": \"yes\"}",
                                      "is_administrator is not true or false"}}) {
    auto member = parse_ledenbase_member(text);
    ASSERT_FALSE(member.ok()) << text;
    EXPECT_EQ(member.error().code, ErrorCode::kUnavailable);
    EXPECT_NE(member.error().message.find(what), std::string::npos) << member.error().message;
  }
}

TEST(LedenbaseClient, ReadsTheLoginToken) {
  auto token = parse_ledenbase_token(R"({"token": "abc123"})");
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(*token, "abc123");
  EXPECT_EQ(parse_ledenbase_token(R"({"token": ""})").error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(parse_ledenbase_token("not json").error().code, ErrorCode::kUnavailable);
}

TEST(LedenbaseClient, TheLoginBodyIsJsonWithUsernameAndPassword) {
  nlohmann::json body = nlohmann::json::parse(ledenbase_login_body("jan", "p\"w"));
  EXPECT_EQ(body, (nlohmann::json{{"username", "jan"}, {"password", "p\"w"}}));
}

TEST(LedenbaseClient, ANonAnsweringLedenbaseIsUnavailableWithoutTheCredentials) {
  // Port 9 on loopback: nothing listens, the connection is refused at once.
  LedenbaseClient client("http://127.0.0.1:9/", "secret-ledenbase-token");
  auto answer = client.log_in("jan", "secret password");
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(answer.error().message.find("The ledenbase is not available"), std::string::npos);
  EXPECT_EQ(answer.error().message.find("secret"), std::string::npos);
}

}  // namespace
}  // namespace mamon::integrations
