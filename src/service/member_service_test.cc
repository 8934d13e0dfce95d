#include "service/member_service.h"

#include <gtest/gtest.h>

#include <vector>

#include "service/online_top_ups_service.h"
#include "service/purchases_service.h"
#include "service/service_test_fixture.h"
#include "storage/ledger_repo.h"

namespace mamon::service {
namespace {

using testing::code_of;
using testing::kStartUs;
using testing::must;

constexpr TimestampUs kSecondUs = 1'000'000;

// Mollie that accepts every payment and reports it paid when asked.
class PayingMollie : public MollieGateway {
 public:
  Result<MolliePaymentState> create_payment(const MolliePaymentRequest& request) const override {
    MolliePaymentState state;
    state.report = {"tr_member" + std::to_string(++next_), "open", request.amount, "EUR",
                    request.identifier};
    state.checkout_url = "https://pay.example/" + state.report.mollie_id;
    last_ = state;
    return state;
  }
  Result<MolliePaymentState> get_payment(std::string_view) const override {
    MolliePaymentState state = last_;
    state.report.status = "paid";
    return state;
  }

 private:
  mutable int next_ = 0;
  mutable MolliePaymentState last_;
};

class MemberTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(set_time_zone("Europe/Amsterdam"));
    staff_ = add_staff("tapper");
    member_ = add_member("member");
    other_ = add_member("other");
    board_ = add_user("boardmember", false, {"Bestuur"});
    cola_ = add_product("Cola", 250);
    beer_ = add_product("Beer", 300);
  }

  domain::Purchase sell_to(const domain::Caller& buyer, std::vector<domain::OrderLineInput> lines) {
    SaleRequest request;
    request.input.lines = std::move(lines);
    request.input.balance = true;
    request.input.buyer_holder_id = buyer.holder_id;
    return must(sell(db(), clock_, staff_, request), "sell").view.purchase;
  }

  void refund(const domain::Caller& holder, std::int64_t cents) {
    WalletUpgradeRequest request;
    request.input.amount = Cents(cents);
    request.input.refund = true;
    request.input.cash = true;
    request.input.comment = "paid out";
    request.holder_id = holder.holder_id;
    must(record_wallet_upgrade(db(), clock_, staff_, request), "refund");
  }

  // An imported opening balance: a transfer of no purchase and no wallet upgrade.
  void opening_balance(const domain::Caller& holder, std::int64_t cents) {
    in_tx([&](storage::Transaction& tx) {
      storage::Account from =
          must(storage::find_account_by_name(tx, domain::kAccountOpeningBalance));
      domain::Holder h = must(storage::find_holder(tx, *holder.holder_id));
      storage::Account wallet = must(storage::find_account(tx, h.account_id));
      storage::NewTransfer t;
      t.debit_account_id = from.id;
      t.credit_account_id = wallet.id;
      t.amount = Cents(cents);
      t.kind = domain::TransferKind::kOpeningBalance;
      t.created_at_us = clock_.now_us();
      return must(storage::post_transfer(tx, from, wallet, t));
    });
  }

  void online_top_up_paid(const domain::Caller& holder, std::int64_t cents) {
    OnlineTopUpSettings settings{"https://bar.example/mollie/webhook/",
                                 "https://bar.example/topup/return/"};
    domain::MolliePayment p =
        must(start_online_top_up(db(), clock_, mollie_, holder, {Cents(cents), {}}, settings));
    ASSERT_EQ(must(handle_mollie_webhook(db(), clock_, mollie_, *p.mollie_id)),
              WebhookOutcome::kCredited);
  }

  domain::Caller staff_, member_, other_, board_;
  std::int64_t cola_ = 0, beer_ = 0;
  PayingMollie mollie_;
};

TEST_P(MemberTest, TimelineMergesEveryKindNewestFirstAndPaginates) {
  opening_balance(member_, 1000);  // t0
  clock_.advance_us(kSecondUs);
  fund(*member_.holder_id, 2000);  // t1 top-up
  clock_.advance_us(kSecondUs);
  domain::Purchase big = sell_to(member_, {{cola_, 2}, {beer_, 1}});  // t2, 800
  clock_.advance_us(kSecondUs);
  refund(member_, 300);  // t3
  clock_.advance_us(kSecondUs);
  online_top_up_paid(member_, 500);                         // t4
  domain::Purchase small = sell_to(member_, {{cola_, 1}});  // t4 too, 250
  fund(*other_.holder_id, 900);
  sell_to(other_, {{beer_, 3}});  // somebody else's: never in member's timeline

  MemberHome home = must(member_home(db(), clock_, member_, *member_.holder_id, {1, 20}));
  EXPECT_EQ(home.holder.balance, Cents(1000 + 2000 - 800 - 300 + 500 - 250));
  EXPECT_EQ(home.credit_floor, Cents(0));
  EXPECT_EQ(home.timeline.total, 6);
  const std::vector<TimelineEntry>& all = home.timeline.items;
  ASSERT_EQ(all.size(), 6u);
  // Same instant: purchase before online top-up (kind order), then strictly older ones.
  EXPECT_EQ(all[0].kind, TimelineKind::kPurchase);
  EXPECT_EQ(all[0].id, small.id);
  EXPECT_EQ(all[1].kind, TimelineKind::kOnlineTopUp);
  EXPECT_EQ(all[2].kind, TimelineKind::kRefund);
  EXPECT_EQ(all[3].kind, TimelineKind::kPurchase);
  EXPECT_EQ(all[3].id, big.id);
  EXPECT_EQ(all[4].kind, TimelineKind::kTopUp);
  EXPECT_EQ(all[5].kind, TimelineKind::kTransfer);
  for (std::size_t i = 1; i < all.size(); ++i) {
    EXPECT_LE(all[i].created_at_us, all[i - 1].created_at_us);
  }

  // Each kind's fields.
  EXPECT_EQ(all[0].amount, Cents(250));
  EXPECT_FALSE(all[0].into_wallet);
  EXPECT_EQ(all[0].method, "balance");
  EXPECT_EQ(all[0].balance_after, Cents(2150));
  ASSERT_EQ(all[0].lines.size(), 1u);
  EXPECT_EQ(all[1].amount, Cents(500));
  EXPECT_TRUE(all[1].into_wallet);
  EXPECT_EQ(all[1].method, "mollie");
  EXPECT_EQ(all[1].status, "paid");
  EXPECT_EQ(all[1].paid_at_us, kStartUs + 4 * kSecondUs);
  EXPECT_EQ(all[2].amount, Cents(300));
  EXPECT_FALSE(all[2].into_wallet);
  EXPECT_EQ(all[2].method, "cash");
  EXPECT_EQ(all[2].comment, "paid out");
  EXPECT_EQ(all[3].amount, Cents(800));
  EXPECT_EQ(all[3].balance_after, Cents(2200));
  ASSERT_EQ(all[3].lines.size(), 2u);
  EXPECT_EQ(all[3].lines[0].product_name, "Cola");
  EXPECT_EQ(all[3].lines[0].quantity, 2);
  EXPECT_EQ(all[3].lines[0].unit_price, Cents(250));
  EXPECT_EQ(all[3].lines[0].line_total, Cents(500));
  EXPECT_EQ(all[3].lines[1].product_name, "Beer");
  EXPECT_EQ(all[3].lines[1].line_total, Cents(300));
  EXPECT_EQ(all[4].amount, Cents(2000));
  EXPECT_TRUE(all[4].into_wallet);
  EXPECT_EQ(all[4].method, "cash");
  EXPECT_EQ(all[5].amount, Cents(1000));
  EXPECT_TRUE(all[5].into_wallet);
  EXPECT_EQ(all[5].method, "opening_balance");
  EXPECT_EQ(all[5].created_at_us, kStartUs);

  // Pages of two are the same list cut in three, lines attached on every page.
  std::vector<TimelineEntry> joined;
  for (std::int64_t page = 1; page <= 3; ++page) {
    Page<TimelineEntry> p = must(list_timeline(db(), member_, *member_.holder_id, {page, 2}));
    EXPECT_EQ(p.total, 6);
    ASSERT_EQ(p.items.size(), 2u);
    joined.insert(joined.end(), p.items.begin(), p.items.end());
  }
  ASSERT_EQ(joined.size(), all.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(joined[i].kind, all[i].kind) << i;
    EXPECT_EQ(joined[i].id, all[i].id) << i;
    EXPECT_EQ(joined[i].lines.size(), all[i].lines.size()) << i;
  }
  EXPECT_TRUE(must(list_timeline(db(), member_, *member_.holder_id, {4, 2})).items.empty());
}

TEST_P(MemberTest, OnlineTopUpsShowEveryStatus) {
  OnlineTopUpSettings settings{"https://bar.example/mollie/webhook/",
                               "https://bar.example/topup/return/"};
  must(start_online_top_up(db(), clock_, mollie_, member_, {Cents(700), {}}, settings));
  Page<TimelineEntry> p = must(list_timeline(db(), member_, *member_.holder_id, {}));
  ASSERT_EQ(p.items.size(), 1u);
  EXPECT_EQ(p.items[0].kind, TimelineKind::kOnlineTopUp);
  EXPECT_EQ(p.items[0].status, "open");
  EXPECT_FALSE(p.items[0].paid_at_us.has_value());
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(0));
}

TEST_P(MemberTest, OnlyOwnMoneyUnlessTheCallerMayViewReports) {
  fund(*member_.holder_id, 1000);
  sell_to(member_, {{cola_, 1}});
  EXPECT_EQ(code_of(member_home(db(), clock_, other_, *member_.holder_id, {})),
            ErrorCode::kHolderNotFound);
  EXPECT_EQ(code_of(list_timeline(db(), other_, *member_.holder_id, {})),
            ErrorCode::kHolderNotFound);
  EXPECT_EQ(code_of(spending_per_month(db(), clock_, other_, *member_.holder_id, 3)),
            ErrorCode::kHolderNotFound);
  EXPECT_EQ(code_of(member_home(db(), clock_, board_, 987654, {})), ErrorCode::kHolderNotFound);

  MemberHome seen = must(member_home(db(), clock_, board_, *member_.holder_id, {}));
  EXPECT_EQ(seen.holder.user.username, "member");
  EXPECT_EQ(seen.timeline.total, 2);
  EXPECT_EQ(must(list_timeline(db(), board_, *member_.holder_id, {})).total, 2);

  EXPECT_EQ(code_of(member_home(db(), clock_, member_, *member_.holder_id, {0, 20})),
            ErrorCode::kInvalidInput);
  EXPECT_EQ(code_of(member_home(db(), clock_, member_, *member_.holder_id, {}, 0)),
            ErrorCode::kInvalidInput);
  EXPECT_EQ(code_of(spending_per_month(db(), clock_, member_, *member_.holder_id,
                                       limits::kSpendingMonthsMax + 1)),
            ErrorCode::kInvalidInput);
}

TEST_P(MemberTest, SpendingPerLocalMonthAcrossTheDstChange) {
  fund(*member_.holder_id, 10'000);
  fund(*other_.holder_id, 10'000);
  auto at = [&](const char* iso) { clock_.set_us(must(parse_iso8601(iso))); };
  at("2026-08-31T21:59:59Z");  // 23:59:59 CEST: still August
  sell_to(member_, {{beer_, 1}});
  at("2026-09-15T12:00:00Z");
  sell_to(member_, {{cola_, 1}});
  at("2026-10-31T22:59:00Z");  // 23:59 CET on 31 October (DST ended on the 25th): October
  sell_to(member_, {{beer_, 2}});
  at("2026-10-31T23:30:00Z");  // 00:30 CET on 1 November
  sell_to(member_, {{cola_, 3}});
  sell_to(other_, {{cola_, 10}});  // not the member's
  clock_.set_us(kStartUs);         // 23 November

  std::vector<MonthSpending> months =
      must(spending_per_month(db(), clock_, member_, *member_.holder_id, 3));
  ASSERT_EQ(months.size(), 3u);
  EXPECT_EQ(months[0].month.year, 2026);
  EXPECT_EQ(months[0].month.month, 9);
  EXPECT_EQ(months[0].span.start_us, must(parse_iso8601("2026-08-31T22:00:00Z")));
  EXPECT_EQ(months[0].spent, Cents(250));
  EXPECT_EQ(months[1].month.month, 10);
  EXPECT_EQ(months[1].span.start_us, must(parse_iso8601("2026-09-30T22:00:00Z")));
  EXPECT_EQ(months[1].spent, Cents(600));
  EXPECT_EQ(months[2].month.month, 11);
  EXPECT_EQ(months[2].span.start_us, must(parse_iso8601("2026-10-31T23:00:00Z")));
  EXPECT_EQ(months[2].span.end_us, must(parse_iso8601("2026-11-30T23:00:00Z")));
  EXPECT_EQ(months[2].spent, Cents(750));

  // Across a year boundary, and the home's default of twelve months.
  MemberHome home = must(member_home(db(), clock_, member_, *member_.holder_id, {}));
  ASSERT_EQ(home.spending.size(), static_cast<std::size_t>(limits::kSpendingMonthsDefault));
  EXPECT_EQ(home.spending.front().month.year, 2025);
  EXPECT_EQ(home.spending.front().month.month, 12);
  EXPECT_EQ(home.spending[8].month.month, 8);
  EXPECT_EQ(home.spending[8].spent, Cents(300));
  EXPECT_EQ(home.spending.back().spent, Cents(750));
}

TEST_P(MemberTest, CatalogueListsActiveProductsWithOwnQuantities) {
  add_product("Apple juice", 200);
  add_product("Old wine", 500, /*active=*/false);
  fund(*member_.holder_id, 10'000);
  fund(*other_.holder_id, 10'000);
  sell_to(member_, {{beer_, 2}, {cola_, 1}});
  sell_to(member_, {{beer_, 3}});
  sell_to(other_, {{cola_, 7}});

  std::vector<CatalogueEntry> mine = must(member_catalogue(db(), member_));
  ASSERT_EQ(mine.size(), 3u);
  EXPECT_EQ(mine[0].product.name, "Apple juice");
  EXPECT_EQ(mine[0].quantity_bought, 0);
  EXPECT_EQ(mine[1].product.name, "Beer");
  EXPECT_EQ(mine[1].product.price, Cents(300));
  EXPECT_EQ(mine[1].quantity_bought, 5);
  EXPECT_EQ(mine[2].product.name, "Cola");
  EXPECT_EQ(mine[2].quantity_bought, 1);

  std::vector<CatalogueEntry> theirs = must(member_catalogue(db(), other_));
  ASSERT_EQ(theirs.size(), 3u);
  EXPECT_EQ(theirs[2].quantity_bought, 7);
  EXPECT_EQ(theirs[1].quantity_bought, 0);
}

MAMON_SERVICE_SUITE(MemberTest);

}  // namespace
}  // namespace mamon::service
