// The board's details (board_details_service.h): the reports permission before anything, also
// for the caller's own purchase and holder; the purchase, the holder names and the holder detail
// with timeline and cards, on every backend.
#include "service/board_details_service.h"

#include <gtest/gtest.h>

#include <vector>

#include "service/cards_service.h"
#include "service/service_test_fixture.h"

namespace mamon::service {
namespace {

using testing::code_of;
using testing::must;

class BoardDetailsTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    staff_ = add_staff("tapper");
    board_ = add_user("boardmember", false, {"Bestuur"});
    root_ = add_user("root", false, {}, true);
    member_ = add_member("member");
    cola_ = add_product("Cola", 250);
  }

  std::int64_t sell_to_member(std::int64_t quantity) {
    SaleRequest r;
    r.input.lines = {{cola_, quantity}};
    r.input.balance = true;
    r.input.buyer_holder_id = member_.holder_id;
    return must(sell(db(), clock_, staff_, r), "sell").view.purchase.id;
  }

  domain::Caller staff_, board_, root_, member_;
  std::int64_t cola_ = 0;
};

TEST_P(BoardDetailsTest, PurchaseForTheBoardOnlyEvenTheBuyersOwn) {
  fund(*member_.holder_id, 1000);
  std::int64_t id = sell_to_member(2);

  PurchaseView view = must(get_board_purchase(db(), board_, id));
  EXPECT_EQ(view.purchase.total, Cents(500));
  ASSERT_EQ(view.purchase.lines.size(), 1u);
  EXPECT_EQ(view.purchase.lines[0].quantity, 2);
  EXPECT_EQ(view.purchase.balance_after, Cents(500));
  EXPECT_EQ(view.seller.nickname, "tapper-nick");
  EXPECT_TRUE(get_board_purchase(db(), root_, id).ok());

  // The buyer may see it through the API's get_purchase, never through the board's page.
  EXPECT_TRUE(get_purchase(db(), member_, id).ok());
  EXPECT_EQ(code_of(get_board_purchase(db(), member_, id)), ErrorCode::kPermissionDenied);
  EXPECT_EQ(code_of(get_board_purchase(db(), board_, id + 100)), ErrorCode::kNotFound);
}

TEST_P(BoardDetailsTest, HolderNamesByIdUnknownOnesLeftOut) {
  std::vector<std::int64_t> ids = {*member_.holder_id, *staff_.holder_id, *member_.holder_id,
                                   999'999};
  auto names = must(board_holder_names(db(), board_, ids));
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(names.at(*member_.holder_id).user.username, "member");
  EXPECT_EQ(names.at(*staff_.holder_id).user.username, "tapper");
  EXPECT_EQ(code_of(board_holder_names(db(), member_, ids)), ErrorCode::kPermissionDenied);
}

TEST_P(BoardDetailsTest, HolderDetailWithTimelineAndCards) {
  fund(*member_.holder_id, 1000);
  clock_.advance_us(60'000'000);
  std::int64_t purchase = sell_to_member(1);
  must(link_card(db(), clock_, staff_, {"0A01", "keyring", member_.user_id}));
  must(link_card(db(), clock_, staff_, {"0A02", "", member_.user_id}));
  must(block_card(db(), clock_, staff_, "0A02"));

  BoardHolderDetail detail =
      must(board_holder_detail(db(), clock_, board_, *member_.holder_id, {}));
  EXPECT_EQ(detail.home.holder.balance, Cents(750));
  EXPECT_EQ(detail.home.credit_floor, Cents(0));
  ASSERT_EQ(detail.home.timeline.total, 2);
  EXPECT_EQ(detail.home.timeline.items[0].kind, TimelineKind::kPurchase);  // newest first
  EXPECT_EQ(detail.home.timeline.items[0].id, purchase);
  EXPECT_EQ(detail.home.timeline.items[1].kind, TimelineKind::kTopUp);
  ASSERT_EQ(detail.cards.size(), 2u);
  EXPECT_EQ(detail.cards[0].card_id, "0A01");
  EXPECT_FALSE(detail.cards[0].blocked);
  EXPECT_TRUE(detail.cards[1].blocked);

  BoardHolderDetail second =
      must(board_holder_detail(db(), clock_, board_, *member_.holder_id, {2, 1}));
  ASSERT_EQ(second.home.timeline.items.size(), 1u);
  EXPECT_EQ(second.home.timeline.items[0].kind, TimelineKind::kTopUp);

  // Not even one's own holder through the board's page; refusals before the page check.
  EXPECT_EQ(code_of(board_holder_detail(db(), clock_, member_, *member_.holder_id, {})),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(code_of(board_holder_detail(db(), clock_, member_, *member_.holder_id, {0, 1})),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(code_of(board_holder_detail(db(), clock_, board_, *member_.holder_id, {0, 1})),
            ErrorCode::kInvalidInput);
  EXPECT_EQ(code_of(board_holder_detail(db(), clock_, board_, 999'999, {})),
            ErrorCode::kHolderNotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, BoardDetailsTest,
                         ::testing::ValuesIn(mamon::testing::backends_under_test()),
                         [](const auto& param_info) {
                           return mamon::testing::backend_name(param_info.param);
                         });

}  // namespace
}  // namespace mamon::service
