// The board's holders and purchases lists (holders_service.h list_board_holders,
// purchases_service.h list_board_purchases / export_board_purchases), on every backend.
#include <gtest/gtest.h>

#include <vector>

#include "service/cards_service.h"
#include "service/holders_service.h"
#include "service/purchases_service.h"
#include "service/service_test_fixture.h"
#include "storage/ledger_repo.h"
#include "storage/reports_repo.h"

namespace mamon::service {
namespace {

using testing::code_of;
using testing::kStartUs;
using testing::must;

constexpr TimestampUs kMinuteUs = 60'000'000;

class BoardListsTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    staff_ = add_staff("tapper");
    staff2_ = add_staff("barkeeper");
    board_ = add_user("boardmember", false, {"Bestuur"});
    member_ = add_member("member");
    cola_ = add_product("Cola", 250);
    beer_ = add_product("Beer", 300);
  }

  SaleRequest sale(std::vector<domain::OrderLineInput> lines, domain::PaymentMethod method,
                   std::optional<std::int64_t> buyer = std::nullopt) {
    SaleRequest r;
    r.input.lines = std::move(lines);
    r.input.balance = method == domain::PaymentMethod::kBalance;
    r.input.cash = method == domain::PaymentMethod::kCash;
    r.input.pin = method == domain::PaymentMethod::kPin;
    r.input.buyer_holder_id = buyer;
    return r;
  }
  std::int64_t sell_as(const domain::Caller& seller, SaleRequest request) {
    return must(sell(db(), clock_, seller, request), "sell").view.purchase.id;
  }

  std::int64_t report(domain::ReportAction action) {
    return in_tx([&](storage::Transaction& tx) {
      storage::NewReport r;
      r.personnel_id = *staff_.personnel_id;
      r.action = action;
      r.created_at_us = clock_.now_us();
      return must(storage::insert_report(tx, r)).id;
    });
  }

  std::vector<std::int64_t> ids(const PurchaseList& list) {
    std::vector<std::int64_t> out;
    for (const PurchaseView& v : list.page.items) out.push_back(v.purchase.id);
    return out;
  }
  PurchaseList board_list(const PurchaseFilter& filter, PageRequest page = {}) {
    return must(list_board_purchases(db(), clock_, board_, filter, page), "list_board_purchases");
  }

  std::vector<std::string> usernames(const Page<storage::HolderListRow>& page) {
    std::vector<std::string> out;
    for (const storage::HolderListRow& row : page.items) out.push_back(row.view.user.username);
    return out;
  }
  Page<storage::HolderListRow> holders(const std::string& search,
                                       storage::HolderSort sort = storage::HolderSort::kName,
                                       PageRequest page = {}) {
    return must(list_board_holders(db(), board_, {search, sort, page}), "list_board_holders");
  }

  domain::Caller staff_, staff2_, board_, member_;
  std::int64_t cola_ = 0, beer_ = 0;
};

TEST_P(BoardListsTest, HoldersSearchByEveryKey) {
  domain::Caller alice = add_user("alice", false, {}, false, 4242);
  domain::Caller bob = add_user("bob", false, {}, false, 77);
  must(link_card(db(), clock_, staff_, {"ab12cd", "keyring", alice.user_id}));

  using V = std::vector<std::string>;
  EXPECT_EQ(usernames(holders("ALI")), V{"alice"});   // first name, any case
  EXPECT_EQ(usernames(holders("bob")), V{"bob"});     // username
  EXPECT_EQ(usernames(holders("4242")), V{"alice"});  // ledenbase id, exact
  EXPECT_TRUE(holders("424").items.empty());          // ... not a prefix
  EXPECT_EQ(usernames(holders("77")), V{"bob"});
  EXPECT_EQ(usernames(holders("AB12CD")), V{"alice"});    // card UID
  EXPECT_EQ(usernames(holders("ab12cd")), V{"alice"});    // ... any case
  EXPECT_EQ(usernames(holders("bob tester")), V{"bob"});  // full name
  EXPECT_EQ(holders("tester").total, 6);  // every holder but the system ones, by name
  EXPECT_EQ(usernames(holders("", storage::HolderSort::kName, {1, 3})),
            (V{"alice", "barkeeper", "boardmember"}));
  EXPECT_EQ(holders("", storage::HolderSort::kName, {1, 3}).total, 6);
  EXPECT_EQ(usernames(holders("", storage::HolderSort::kName, {2, 3})),
            (V{"bob", "member", "tapper"}));
  EXPECT_TRUE(holders("", storage::HolderSort::kName, {3, 3}).items.empty());

  // A blocked card no longer finds its holder.
  must(block_card(db(), clock_, staff_, "AB12CD"));
  EXPECT_TRUE(holders("ab12cd").items.empty());
  (void)bob;
}

TEST_P(BoardListsTest, HoldersByBalanceLowestFirstWithTheirRow) {
  domain::Caller alice = add_member("alice");
  domain::Caller bob = add_member("bob");
  domain::Caller carol = add_member("carol");
  fund(*alice.holder_id, 500);
  fund(*bob.holder_id, 100);
  in_tx([&](storage::Transaction& tx) {
    domain::Holder h = must(storage::find_holder(tx, *carol.holder_id));
    must(storage::set_account_floor(tx, h.account_id, Cents(-1000)), "floor");
    return 0;
  });
  clock_.advance_us(kMinuteUs);
  sell_as(staff_, sale({{cola_, 1}}, domain::PaymentMethod::kBalance, carol.holder_id));
  must(link_card(db(), clock_, staff_, {"0A01", "", alice.user_id}));
  must(link_card(db(), clock_, staff_, {"0A02", "", alice.user_id}));
  must(link_card(db(), clock_, staff_, {"0A03", "", alice.user_id}));
  must(block_card(db(), clock_, staff_, "0A03"));

  Page<storage::HolderListRow> page = holders("", storage::HolderSort::kBalanceAscending);
  ASSERT_EQ(page.items.size(), 8u);  // three more than SetUp's four, and the funder
  EXPECT_EQ(page.items[0].view.user.username, "carol");
  EXPECT_EQ(page.items[0].view.balance, Cents(-250));
  EXPECT_EQ(page.items[0].credit_floor, Cents(-1000));
  EXPECT_EQ(page.items[0].last_activity_at_us, kStartUs + kMinuteUs);
  for (std::size_t i = 1; i < page.items.size(); ++i) {
    EXPECT_LE(page.items[i - 1].view.balance, page.items[i].view.balance) << i;
  }
  EXPECT_EQ(page.items[6].view.user.username, "bob");
  EXPECT_EQ(page.items[7].view.user.username, "alice");
  const storage::HolderListRow& a = page.items[7];
  EXPECT_EQ(a.view.balance, Cents(500));
  EXPECT_EQ(a.card_count, 2);  // the blocked card is not counted
  EXPECT_EQ(a.credit_floor, Cents(0));
  EXPECT_EQ(a.last_activity_at_us, kStartUs);  // its top-up
  // Zero-balance holders come by name: boardmember, funder, member, tapper, barkeeper...
  EXPECT_EQ(page.items[1].view.user.username, "barkeeper");
  EXPECT_FALSE(page.items[1].last_activity_at_us.has_value());
  EXPECT_EQ(page.items[1].card_count, 0);

  // Sorted by balance with a search and pages.
  Page<storage::HolderListRow> two =
      holders("tester", storage::HolderSort::kBalanceAscending, {4, 2});
  EXPECT_EQ(two.total, 8);
  EXPECT_EQ(usernames(two), (std::vector<std::string>{"bob", "alice"}));
}

TEST_P(BoardListsTest, HoldersListNeedsTheReportsPermission) {
  EXPECT_EQ(code_of(list_board_holders(db(), member_, {})), ErrorCode::kPermissionDenied);
  EXPECT_EQ(code_of(list_board_holders(db(), board_,
                                       {std::string(200, 'x'), storage::HolderSort::kName, {}})),
            ErrorCode::kInvalidInput);
  EXPECT_EQ(code_of(list_board_holders(db(), board_, {"", storage::HolderSort::kName, {1, 0}})),
            ErrorCode::kInvalidInput);
}

TEST_P(BoardListsTest, PurchasesByEveryFilterWithCountAndSum) {
  fund(*member_.holder_id, 10'000);
  domain::Caller other = add_member("other");
  fund(*other.holder_id, 10'000);
  const TimestampUs t0 = clock_.now_us();
  std::int64_t p1 =
      sell_as(staff_, sale({{cola_, 1}}, domain::PaymentMethod::kBalance, member_.holder_id));
  clock_.advance_us(kMinuteUs);
  std::int64_t p2 = sell_as(staff2_, sale({{beer_, 2}}, domain::PaymentMethod::kCash));
  clock_.advance_us(kMinuteUs);
  std::int64_t p3 = sell_as(staff_, sale({{cola_, 1}, {beer_, 1}}, domain::PaymentMethod::kPin));
  clock_.advance_us(kMinuteUs);
  std::int64_t p4 =
      sell_as(staff2_, sale({{beer_, 1}}, domain::PaymentMethod::kBalance, other.holder_id));
  using V = std::vector<std::int64_t>;

  PurchaseList all = board_list({});
  EXPECT_EQ(ids(all), (V{p4, p3, p2, p1}));
  EXPECT_EQ(all.page.total, 4);
  EXPECT_EQ(all.total_sum, Cents(250 + 600 + 550 + 300));
  ASSERT_EQ(all.page.items[1].purchase.lines.size(), 2u);  // with lines and sellers
  EXPECT_EQ(all.page.items[1].seller.id, *staff_.personnel_id);

  PurchaseFilter range;  // half-open: [t0 + 1 min, t0 + 3 min)
  range.from_us = t0 + kMinuteUs;
  range.to_us = t0 + 3 * kMinuteUs;
  PurchaseList in_range = board_list(range);
  EXPECT_EQ(ids(in_range), (V{p3, p2}));
  EXPECT_EQ(in_range.page.total, 2);
  EXPECT_EQ(in_range.total_sum, Cents(1150));

  PurchaseFilter cash;
  cash.method = domain::PaymentMethod::kCash;
  EXPECT_EQ(ids(board_list(cash)), V{p2});
  PurchaseFilter wallet;
  wallet.method = domain::PaymentMethod::kBalance;
  EXPECT_EQ(ids(board_list(wallet)), (V{p4, p1}));

  PurchaseFilter seller;
  seller.seller_personnel_id = *staff_.personnel_id;
  EXPECT_EQ(ids(board_list(seller)), (V{p3, p1}));

  PurchaseFilter buyer;
  buyer.buyer_holder_id = *member_.holder_id;
  PurchaseList bought = board_list(buyer);
  EXPECT_EQ(ids(bought), V{p1});
  EXPECT_EQ(bought.total_sum, Cents(250));

  PurchaseFilter cola;
  cola.product_id = cola_;
  EXPECT_EQ(ids(board_list(cola)), (V{p3, p1}));

  PurchaseFilter combined;  // AND of every filter given
  combined.seller_personnel_id = *staff_.personnel_id;
  combined.product_id = beer_;
  PurchaseList one = board_list(combined);
  EXPECT_EQ(ids(one), V{p3});
  EXPECT_EQ(one.total_sum, Cents(550));

  // Pages keep the whole set's count and sum.
  PurchaseList page2 = board_list({}, {2, 1});
  EXPECT_EQ(ids(page2), V{p3});
  EXPECT_EQ(page2.page.total, 4);
  EXPECT_EQ(page2.total_sum, all.total_sum);

  // The export: exactly the filtered rows, unpaginated.
  PurchaseList exported = must(export_board_purchases(db(), clock_, board_, range));
  EXPECT_EQ(ids(exported), (V{p3, p2}));
  EXPECT_EQ(exported.page.total, 2);
  EXPECT_EQ(exported.total_sum, Cents(1150));
  EXPECT_EQ(ids(must(export_board_purchases(db(), clock_, board_, {}))), (V{p4, p3, p2, p1}));

  // The API's list is unchanged: everything for staff, own purchases for a member.
  EXPECT_EQ(must(list_purchases(db(), staff_, {})).total, 4);
  EXPECT_EQ(must(list_purchases(db(), member_, {})).total, 1);
}

TEST_P(BoardListsTest, PurchasesOfABarCycleClosedOrOpen) {
  fund(*member_.holder_id, 10'000);
  std::int64_t before = sell_as(staff_, sale({{cola_, 1}}, domain::PaymentMethod::kCash));
  clock_.advance_us(kMinuteUs);
  std::int64_t opening = report(domain::ReportAction::kOpen);
  std::int64_t at_open = sell_as(staff_, sale({{cola_, 1}}, domain::PaymentMethod::kCash));
  clock_.advance_us(kMinuteUs);
  std::int64_t at_close =
      sell_as(staff_, sale({{beer_, 1}}, domain::PaymentMethod::kBalance, member_.holder_id));
  std::int64_t closing = report(domain::ReportAction::kClose);
  std::int64_t closed_cycle = in_tx([&](storage::Transaction& tx) {
    domain::BarCycle c = must(storage::insert_bar_cycle(tx, opening));
    EXPECT_TRUE(must(storage::close_bar_cycle(tx, c.id, closing)));
    return c.id;
  });
  clock_.advance_us(kMinuteUs);
  std::int64_t after = sell_as(staff_, sale({{beer_, 2}}, domain::PaymentMethod::kPin));
  clock_.advance_us(kMinuteUs);
  std::int64_t reopening = report(domain::ReportAction::kOpen);
  std::int64_t open_cycle = in_tx(
      [&](storage::Transaction& tx) { return must(storage::insert_bar_cycle(tx, reopening)).id; });
  clock_.advance_us(kMinuteUs);
  std::int64_t in_open = sell_as(staff_, sale({{cola_, 2}}, domain::PaymentMethod::kCash));
  using V = std::vector<std::int64_t>;

  PurchaseFilter closed;
  closed.bar_cycle_id = closed_cycle;
  PurchaseList c = board_list(closed);
  EXPECT_EQ(ids(c), (V{at_close, at_open}));  // both ends included, as the cycle summary
  EXPECT_EQ(c.total_sum, Cents(550));

  PurchaseFilter open;
  open.bar_cycle_id = open_cycle;
  EXPECT_EQ(ids(board_list(open)), V{in_open});  // up to now

  // A cycle and a method together.
  closed.method = domain::PaymentMethod::kBalance;
  EXPECT_EQ(ids(board_list(closed)), V{at_close});
  // A cycle and a range: their intersection.
  PurchaseFilter narrowed;
  narrowed.bar_cycle_id = closed_cycle;
  narrowed.from_us = kStartUs + 2 * kMinuteUs;
  EXPECT_EQ(ids(board_list(narrowed)), V{at_close});

  PurchaseFilter unknown;
  unknown.bar_cycle_id = 987654;
  EXPECT_EQ(code_of(list_board_purchases(db(), clock_, board_, unknown, {})), ErrorCode::kNotFound);
  (void)before;
  (void)after;
}

TEST_P(BoardListsTest, PurchasesListChecks) {
  EXPECT_EQ(code_of(list_board_purchases(db(), clock_, member_, {}, {})),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(code_of(export_board_purchases(db(), clock_, member_, {})),
            ErrorCode::kPermissionDenied);
  PurchaseFilter backwards;
  backwards.from_us = kStartUs;
  backwards.to_us = kStartUs - 1;
  EXPECT_EQ(code_of(list_board_purchases(db(), clock_, board_, backwards, {})),
            ErrorCode::kInvalidInput);
  EXPECT_EQ(code_of(list_board_purchases(db(), clock_, board_, {}, {1, 501})),
            ErrorCode::kInvalidInput);
  PurchaseFilter empty;  // an empty range is no error, just nothing
  empty.from_us = kStartUs;
  empty.to_us = kStartUs;
  PurchaseList none = board_list(empty);
  EXPECT_TRUE(none.page.items.empty());
  EXPECT_EQ(none.total_sum, Cents(0));
}

MAMON_SERVICE_SUITE(BoardListsTest);

}  // namespace
}  // namespace mamon::service
