#include "service/cards_service.h"

#include <gtest/gtest.h>

#include "service/service_test_fixture.h"

namespace mamon::service {
namespace {

using testing::code_of;
using testing::must;

class CardsTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    staff_ = add_staff("tapper");
    member_ = add_member("member");
  }
  LinkCardRequest link(std::string uid, std::int64_t user_id) {
    return LinkCardRequest{std::move(uid), "keyring", user_id};
  }
  domain::Caller staff_;
  domain::Caller member_;
};

TEST_P(CardsTest, LinkStoresUpperCaseAndFindsAnyCase) {
  fund(*member_.holder_id, 1234);
  auto linked = link_card(db(), clock_, staff_, link("04a1b2c3d4", member_.user_id));
  ASSERT_TRUE(linked.ok()) << linked.error().message;
  EXPECT_EQ(linked->card.card_id, "04A1B2C3D4");
  EXPECT_EQ(linked->card.card_name, "keyring");
  EXPECT_EQ(linked->card.user_id, member_.user_id);
  EXPECT_FALSE(linked->card.blocked);
  EXPECT_EQ(linked->holder.holder.id, *member_.holder_id);

  for (const char* spelling : {"04A1B2C3D4", "04a1b2c3d4", "04A1b2C3d4"}) {
    auto found = get_card(db(), staff_, spelling);
    ASSERT_TRUE(found.ok()) << spelling;
    EXPECT_EQ(found->card.id, linked->card.id);
    EXPECT_EQ(found->holder.user.username, "member");
    EXPECT_EQ(found->holder.balance, Cents(1234));
  }
  // The owner finds their own card; another member does not learn it exists.
  EXPECT_TRUE(get_card(db(), member_, "04a1b2c3d4").ok());
  domain::Caller other = add_member("other");
  EXPECT_EQ(code_of(get_card(db(), other, "04a1b2c3d4")), ErrorCode::kCardNotFound);
}

TEST_P(CardsTest, LinkErrors) {
  ASSERT_TRUE(link_card(db(), clock_, staff_, link("ABCDEF", member_.user_id)).ok());
  const auto before = counts();
  domain::Caller other = add_member("other");
  const auto with_other = counts();
  EXPECT_EQ(code_of(link_card(db(), clock_, staff_, link("abcdef", other.user_id))),
            ErrorCode::kCardAlreadyLinked);
  EXPECT_EQ(code_of(link_card(db(), clock_, staff_, link("not-hex", member_.user_id))),
            ErrorCode::kInvalidInput);
  EXPECT_EQ(code_of(link_card(db(), clock_, staff_, link("", member_.user_id))),
            ErrorCode::kInvalidInput);
  LinkCardRequest long_name = link("0101", member_.user_id);
  long_name.card_name = std::string(200, 'n');
  EXPECT_EQ(code_of(link_card(db(), clock_, staff_, long_name)), ErrorCode::kInvalidInput);
  EXPECT_EQ(code_of(link_card(db(), clock_, staff_, link("0202", 987654))),
            ErrorCode::kInvalidInput);
  // A member links cards to themselves only.
  EXPECT_EQ(code_of(link_card(db(), clock_, member_, link("0303", other.user_id))),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(counts(), with_other);
  EXPECT_EQ(before.cards, with_other.cards);
  auto own = link_card(db(), clock_, member_, link("0303", member_.user_id));
  ASSERT_TRUE(own.ok()) << own.error().message;
}

TEST_P(CardsTest, BlockAndUnlink) {
  must(link_card(db(), clock_, staff_, link("AA01", member_.user_id)));
  must(link_card(db(), clock_, staff_, link("AA02", member_.user_id)));
  domain::Caller other = add_member("other");

  // Somebody else's card answers as an unknown one: no probing which UIDs exist.
  EXPECT_EQ(code_of(block_card(db(), clock_, other, "aa01")), ErrorCode::kCardNotFound);
  EXPECT_EQ(code_of(block_card(db(), clock_, other, "FFFF")), ErrorCode::kCardNotFound);
  ASSERT_TRUE(block_card(db(), clock_, member_, "aa01").ok());
  EXPECT_EQ(code_of(get_card(db(), staff_, "AA01")), ErrorCode::kCardNotFound);
  // Blocked cards stay linked: the UID cannot be linked again.
  EXPECT_EQ(code_of(link_card(db(), clock_, staff_, link("AA01", other.user_id))),
            ErrorCode::kCardAlreadyLinked);

  EXPECT_EQ(code_of(unlink_card(db(), other, "AA02")), ErrorCode::kCardNotFound);
  ASSERT_TRUE(unlink_card(db(), staff_, "aa02").ok());
  EXPECT_EQ(code_of(get_card(db(), staff_, "AA02")), ErrorCode::kCardNotFound);
  EXPECT_EQ(code_of(unlink_card(db(), staff_, "AA02")), ErrorCode::kCardNotFound);
  EXPECT_EQ(code_of(block_card(db(), clock_, staff_, "FFFF")), ErrorCode::kCardNotFound);
  EXPECT_EQ(code_of(unlink_card(db(), staff_, "zz")), ErrorCode::kInvalidInput);
  // An unlinked UID is free again.
  EXPECT_TRUE(link_card(db(), clock_, staff_, link("AA02", other.user_id)).ok());
  EXPECT_EQ(counts().cards, 2);
}

TEST_P(CardsTest, BlockingIsAuditedAndTheApiLookupRefusesTheCardAtOnce) {
  must(link_card(db(), clock_, member_, link("BEEF01", member_.user_id)));
  ASSERT_TRUE(get_card(db(), staff_, "beef01").ok());
  clock_.advance_us(5'000'000);
  ASSERT_TRUE(block_card(db(), clock_, member_, "beef01").ok());
  // The very next lookup (GET /api/cards/{id}) refuses it; nothing is cached.
  EXPECT_EQ(code_of(get_card(db(), staff_, "BEEF01")), ErrorCode::kCardNotFound);
  EXPECT_EQ(code_of(get_card(db(), member_, "BEEF01")), ErrorCode::kCardNotFound);
  // Blocking again changes nothing and logs nothing.
  ASSERT_TRUE(block_card(db(), clock_, member_, "BEEF01").ok());

  storage::QueryResult audit = in_tx([&](storage::Transaction& tx) {
    return must(tx.query(
        "SELECT user_id, action, object_type, object_id, detail, created_at_us FROM audit_log "
        "WHERE action = 'block_card'"));
  });
  ASSERT_EQ(audit.rows.size(), 1u);
  const storage::Row& row = audit.rows[0];
  EXPECT_EQ(row.get_int(0), member_.user_id);
  EXPECT_EQ(row.get_text(1), "block_card");
  EXPECT_EQ(row.get_text(2), "card");
  EXPECT_NE(row.get_text(4).find("BEEF01"), std::string::npos);
  EXPECT_EQ(row.get_int(5), clock_.now_us());
}

TEST_P(CardsTest, HolderCardsAreTheOwnersAndTheBoards) {
  must(link_card(db(), clock_, member_, link("C001", member_.user_id)));
  must(link_card(db(), clock_, member_, link("C002", member_.user_id)));
  must(block_card(db(), clock_, member_, "C002"));
  domain::Caller other = add_member("other");
  must(link_card(db(), clock_, other, link("C003", other.user_id)));

  std::vector<domain::Card> mine = must(list_holder_cards(db(), member_, *member_.holder_id));
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].card_id, "C001");
  EXPECT_FALSE(mine[0].blocked);
  EXPECT_EQ(mine[0].card_name, "keyring");
  EXPECT_EQ(mine[1].card_id, "C002");
  EXPECT_TRUE(mine[1].blocked);

  EXPECT_EQ(code_of(list_holder_cards(db(), other, *member_.holder_id)),
            ErrorCode::kHolderNotFound);
  domain::Caller board = add_user("boardmember", false, {"Bestuur"});
  EXPECT_EQ(must(list_holder_cards(db(), board, *member_.holder_id)).size(), 2u);
  EXPECT_EQ(code_of(list_holder_cards(db(), board, 987654)), ErrorCode::kHolderNotFound);
}

MAMON_SERVICE_SUITE(CardsTest);

}  // namespace
}  // namespace mamon::service
