#include "service/purchases_service.h"

#include <gtest/gtest.h>

#include "base/limits.h"
#include "service/service_test_fixture.h"
#include "storage/ledger_repo.h"
#include "storage/products_repo.h"

namespace mamon::service {
namespace {

using testing::code_of;
using testing::kStartUs;
using testing::must;

SaleRequest wallet_sale(std::int64_t buyer_holder_id, std::vector<domain::OrderLineInput> lines) {
  SaleRequest r;
  r.input.lines = std::move(lines);
  r.input.balance = true;
  r.input.buyer_holder_id = buyer_holder_id;
  return r;
}

SaleRequest cash_sale(std::vector<domain::OrderLineInput> lines) {
  SaleRequest r;
  r.input.lines = std::move(lines);
  r.input.cash = true;
  return r;
}

SaleRequest pin_sale(std::vector<domain::OrderLineInput> lines) {
  SaleRequest r = cash_sale(std::move(lines));
  r.input.cash = false;
  r.input.pin = true;
  return r;
}

class SellTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    staff_ = add_staff("tapper");
    member_ = add_member("member");
    beer_ = add_product("Beer", 250);
    cola_ = add_product("Cola", 180);
  }

  std::vector<storage::Transfer> transfers_of(std::int64_t purchase_id) {
    return in_tx([&](storage::Transaction& tx) {
      return must(storage::transfers_of_purchase(tx, purchase_id));
    });
  }

  domain::Caller staff_;
  domain::Caller member_;
  std::int64_t beer_ = 0;
  std::int64_t cola_ = 0;
};

TEST_P(SellTest, WalletPurchaseDebitsTheBuyerAndSnapshotsPrices) {
  fund(*member_.holder_id, 1000);
  clock_.advance_us(5'000'000);
  auto sale = sell(db(), clock_, staff_, wallet_sale(*member_.holder_id, {{beer_, 2}, {cola_, 1}}));
  ASSERT_TRUE(sale.ok()) << sale.error().message;
  const domain::Purchase& p = sale->view.purchase;
  EXPECT_FALSE(sale->replayed);
  EXPECT_EQ(p.method, domain::PaymentMethod::kBalance);
  EXPECT_EQ(p.total, Cents(680));
  EXPECT_EQ(p.buyer_holder_id, member_.holder_id);
  EXPECT_EQ(p.seller_personnel_id, *staff_.personnel_id);
  EXPECT_EQ(sale->view.seller.id, *staff_.personnel_id);
  EXPECT_EQ(sale->view.seller.nickname, "tapper-nick");
  EXPECT_EQ(p.created_at_us, kStartUs + 5'000'000);
  ASSERT_TRUE(p.balance_after.has_value());
  EXPECT_EQ(*p.balance_after, Cents(320));
  ASSERT_EQ(p.lines.size(), 2u);
  EXPECT_EQ(p.lines[0].product_id, beer_);
  EXPECT_EQ(p.lines[0].quantity, 2);
  EXPECT_EQ(p.lines[0].unit_price, Cents(250));
  EXPECT_LT(p.lines[0].id, p.lines[1].id);
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(320));

  auto transfers = transfers_of(p.id);
  ASSERT_EQ(transfers.size(), 1u);
  EXPECT_EQ(transfers[0].amount, Cents(680));
  EXPECT_EQ(transfers[0].kind, "purchase");
  EXPECT_EQ(transfers[0].debit_account_id,
            account(domain::wallet_account_name(member_.user_id)).id);
  EXPECT_EQ(transfers[0].credit_account_id, account(domain::kAccountSales).id);

  // A later price change does not touch the stored purchase.
  in_tx([&](storage::Transaction& tx) {
    must(storage::set_product_price(tx, beer_, Cents(300)));
    return 0;
  });
  auto stored = get_purchase(db(), staff_, p.id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->purchase.lines[0].unit_price, Cents(250));
  EXPECT_EQ(stored->purchase.total, Cents(680));
  EXPECT_EQ(*stored->purchase.balance_after, Cents(320));
}

TEST_P(SellTest, CashAndPinPurchasesGoToTheirAccounts) {
  auto cash = sell(db(), clock_, staff_, cash_sale({{beer_, 3}}));
  ASSERT_TRUE(cash.ok()) << cash.error().message;
  EXPECT_EQ(cash->view.purchase.method, domain::PaymentMethod::kCash);
  EXPECT_FALSE(cash->view.purchase.buyer_holder_id.has_value());
  EXPECT_FALSE(cash->view.purchase.balance_after.has_value());
  auto pin = sell(db(), clock_, staff_, pin_sale({{cola_, 1}}));
  ASSERT_TRUE(pin.ok()) << pin.error().message;
  EXPECT_EQ(pin->view.purchase.method, domain::PaymentMethod::kPin);

  EXPECT_EQ(account(domain::kAccountCashDrawer).debits, Cents(750));
  EXPECT_EQ(account(domain::kAccountPinTerminal).debits, Cents(180));
  EXPECT_EQ(account(domain::kAccountSales).credits, Cents(930));
  auto t = transfers_of(cash->view.purchase.id);
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].debit_account_id, account(domain::kAccountCashDrawer).id);
}

TEST_P(SellTest, BalanceMayEndAtExactlyZeroButNotBelow) {
  fund(*member_.holder_id, 500);
  auto exact = sell(db(), clock_, staff_, wallet_sale(*member_.holder_id, {{beer_, 2}}));
  ASSERT_TRUE(exact.ok()) << exact.error().message;
  EXPECT_EQ(*exact->view.purchase.balance_after, Cents(0));

  const auto before = counts();
  auto broke = sell(db(), clock_, staff_, wallet_sale(*member_.holder_id, {{cola_, 1}}));
  EXPECT_EQ(code_of(broke), ErrorCode::kInsufficientFunds);
  EXPECT_EQ(counts(), before);
  EXPECT_EQ(balance_of(*member_.holder_id), Cents(0));
}

TEST_P(SellTest, CreditFloorAllowsANegativeBalance) {
  in_tx([&](storage::Transaction& tx) {
    auto wallet =
        must(storage::find_account_by_name(tx, domain::wallet_account_name(member_.user_id)));
    must(storage::set_account_floor(tx, wallet.id, Cents(-500)));
    return 0;
  });
  auto sale = sell(db(), clock_, staff_, wallet_sale(*member_.holder_id, {{beer_, 2}}));
  ASSERT_TRUE(sale.ok()) << sale.error().message;
  EXPECT_EQ(*sale->view.purchase.balance_after, Cents(-500));
  EXPECT_EQ(code_of(sell(db(), clock_, staff_, wallet_sale(*member_.holder_id, {{beer_, 1}}))),
            ErrorCode::kInsufficientFunds);
}

TEST_P(SellTest, ZeroTotalPurchaseHasNoTransfer) {
  std::int64_t water = add_product("Water", 0);
  auto sale = sell(db(), clock_, staff_, wallet_sale(*member_.holder_id, {{water, 4}}));
  ASSERT_TRUE(sale.ok()) << sale.error().message;
  EXPECT_EQ(sale->view.purchase.total, Cents(0));
  EXPECT_EQ(*sale->view.purchase.balance_after, Cents(0));
  EXPECT_TRUE(transfers_of(sale->view.purchase.id).empty());
}

TEST_P(SellTest, SellerMustBeActivePersonnel) {
  EXPECT_EQ(code_of(sell(db(), clock_, member_, cash_sale({{beer_, 1}}))),
            ErrorCode::kNotPersonnel);
  domain::Caller boss = add_user("boss", false, {"Bestuur"}, /*superuser=*/true);
  EXPECT_EQ(code_of(sell(db(), clock_, boss, cash_sale({{beer_, 1}}))), ErrorCode::kNotPersonnel);

  // Deactivated after the caller was loaded: the record is re-read inside the transaction.
  in_tx([&](storage::Transaction& tx) {
    must(storage::set_personnel_active(tx, *staff_.personnel_id, false));
    return 0;
  });
  const auto before = counts();
  EXPECT_EQ(code_of(sell(db(), clock_, staff_, cash_sale({{beer_, 1}}))), ErrorCode::kNotPersonnel);
  EXPECT_EQ(counts(), before);
}

// Bad input at the service layer: the named error, and not a row written.
TEST_P(SellTest, BadInputIsRefusedWithoutWriting) {
  fund(*member_.holder_id, 100'000);
  std::int64_t retired = add_product("Retired", 100, /*active=*/false);
  const std::int64_t holder = *member_.holder_id;
  std::vector<domain::OrderLineInput> fifty_one(limits::kOrderLinesMax + 1, {beer_, 1});

  struct Case {
    const char* name;
    SaleRequest request;
    ErrorCode expected;
  };
  std::vector<Case> cases = {
      {"unknown product", cash_sale({{beer_, 1}, {999'999, 1}}), ErrorCode::kProductNotFound},
      {"inactive product", cash_sale({{retired, 1}}), ErrorCode::kProductInactive},
      {"quantity 0", cash_sale({{beer_, 0}}), ErrorCode::kInvalidOrder},
      {"quantity -1", cash_sale({{beer_, -1}}), ErrorCode::kInvalidOrder},
      {"quantity 10^9", cash_sale({{beer_, 1'000'000'000}}), ErrorCode::kInvalidOrder},
      {"no lines", cash_sale({}), ErrorCode::kInvalidOrder},
      {"51 lines", cash_sale(fifty_one), ErrorCode::kInvalidOrder},
      {"unknown buyer", wallet_sale(999'999, {{beer_, 1}}), ErrorCode::kHolderNotFound},
  };
  SaleRequest two_methods = cash_sale({{beer_, 1}});
  two_methods.input.pin = true;
  cases.push_back({"cash and pin", two_methods, ErrorCode::kInvalidPaymentMethod});
  SaleRequest all_methods = wallet_sale(holder, {{beer_, 1}});
  all_methods.input.cash = true;
  all_methods.input.pin = true;
  cases.push_back({"three methods", all_methods, ErrorCode::kInvalidPaymentMethod});
  SaleRequest no_method = cash_sale({{beer_, 1}});
  no_method.input.cash = false;
  cases.push_back({"no method", no_method, ErrorCode::kInvalidPaymentMethod});
  SaleRequest balance_without_buyer = wallet_sale(holder, {{beer_, 1}});
  balance_without_buyer.input.buyer_holder_id.reset();
  cases.push_back(
      {"balance without buyer", balance_without_buyer, ErrorCode::kInvalidPaymentMethod});
  SaleRequest cash_with_buyer = cash_sale({{beer_, 1}});
  cash_with_buyer.input.buyer_holder_id = holder;
  cases.push_back({"cash with buyer", cash_with_buyer, ErrorCode::kInvalidPaymentMethod});
  SaleRequest pin_with_buyer = pin_sale({{beer_, 1}});
  pin_with_buyer.input.buyer_holder_id = holder;
  cases.push_back({"pin with buyer", pin_with_buyer, ErrorCode::kInvalidPaymentMethod});
  SaleRequest empty_key = cash_sale({{beer_, 1}});
  empty_key.idempotency_key = "";
  cases.push_back({"empty idempotency key", empty_key, ErrorCode::kInvalidInput});
  SaleRequest long_key = cash_sale({{beer_, 1}});
  long_key.idempotency_key = std::string(limits::kIdempotencyKeyLengthMax + 1, 'k');
  cases.push_back({"long idempotency key", long_key, ErrorCode::kInvalidInput});
  std::int64_t gold = add_product("Gold bar", 1'000'001);  // 100 of them: above the money limit
  cases.push_back({"total above the limit", cash_sale({{gold, 100}}), ErrorCode::kInvalidAmount});
  SaleRequest too_much =
      wallet_sale(holder, {{beer_, 100}, {cola_, 100}, {beer_, 100}, {cola_, 100}, {beer_, 100}});
  cases.push_back({"more than the balance", too_much, ErrorCode::kInsufficientFunds});

  const auto before = counts();
  ASSERT_EQ(cases.size(), 18u);
  for (const Case& c : cases) {
    auto sale = sell(db(), clock_, staff_, c.request);
    EXPECT_EQ(code_of(sale), c.expected) << c.name;
    EXPECT_EQ(counts(), before) << c.name;
  }
  EXPECT_EQ(balance_of(holder), Cents(100'000));
}

TEST_P(SellTest, GetPurchaseVisibility) {
  fund(*member_.holder_id, 1000);
  domain::Caller other = add_member("other");
  auto sale = must(sell(db(), clock_, staff_, wallet_sale(*member_.holder_id, {{beer_, 1}})));
  const std::int64_t id = sale.view.purchase.id;
  EXPECT_TRUE(get_purchase(db(), staff_, id).ok());
  EXPECT_TRUE(get_purchase(db(), member_, id).ok());
  EXPECT_EQ(code_of(get_purchase(db(), other, id)), ErrorCode::kNotFound);
  EXPECT_EQ(code_of(get_purchase(db(), staff_, 424242)), ErrorCode::kNotFound);
  domain::Caller board = add_user("board", false, {"Bestuur"});
  EXPECT_TRUE(get_purchase(db(), board, id).ok());
}

TEST_P(SellTest, ListPurchasesNewestFirstPaginatedAndFiltered) {
  fund(*member_.holder_id, 10'000);
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 5; ++i) {
    clock_.advance_us(1'000'000);
    SaleRequest r = i % 2 == 0 ? wallet_sale(*member_.holder_id, {{beer_, 1}, {cola_, i + 1}})
                               : cash_sale({{cola_, 1}});
    ids.push_back(must(sell(db(), clock_, staff_, r)).view.purchase.id);
  }
  auto first = list_purchases(db(), staff_, PageRequest{1, 2});
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->total, 5);
  ASSERT_EQ(first->items.size(), 2u);
  EXPECT_EQ(first->items[0].purchase.id, ids[4]);
  EXPECT_EQ(first->items[1].purchase.id, ids[3]);
  EXPECT_EQ(first->items[0].purchase.lines.size(), 2u);
  EXPECT_EQ(first->items[0].purchase.lines[1].quantity, 5);
  EXPECT_EQ(first->items[0].seller.id, *staff_.personnel_id);
  auto last = must(list_purchases(db(), staff_, PageRequest{3, 2}));
  ASSERT_EQ(last.items.size(), 1u);
  EXPECT_EQ(last.items[0].purchase.id, ids[0]);
  EXPECT_TRUE(must(list_purchases(db(), staff_, PageRequest{4, 2})).items.empty());

  auto own = must(list_purchases(db(), member_, PageRequest{1, 20}));
  EXPECT_EQ(own.total, 3);
  ASSERT_EQ(own.items.size(), 3u);
  for (const PurchaseView& v : own.items) EXPECT_EQ(v.purchase.buyer_holder_id, member_.holder_id);

  EXPECT_EQ(code_of(list_purchases(db(), staff_, PageRequest{0, 20})), ErrorCode::kInvalidInput);
  EXPECT_EQ(code_of(list_purchases(db(), staff_, PageRequest{1, limits::kPageSizeMax + 1})),
            ErrorCode::kInvalidInput);
}

MAMON_SERVICE_SUITE(SellTest);

}  // namespace
}  // namespace mamon::service
