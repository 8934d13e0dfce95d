#include "domain/purchases.h"

#include <gtest/gtest.h>

#include "base/limits.h"

namespace mamon::domain {
namespace {

PurchaseInput cash_order(std::vector<OrderLineInput> lines) {
  PurchaseInput input;
  input.lines = std::move(lines);
  input.cash = true;
  return input;
}

Product product(std::int64_t id, std::int64_t price_cents, bool active = true) {
  Product p;
  p.id = id;
  p.name = "product " + std::to_string(id);
  p.price = Cents(price_cents);
  p.active = active;
  return p;
}

ErrorCode code_of(const Result<PaymentMethod>& r) {
  return r.error().code;
}

TEST(ValidatePurchaseInput, AcceptsEachSinglePaymentMethod) {
  PurchaseInput cash = cash_order({{1, 1}});
  EXPECT_EQ(*validate_purchase_input(cash), PaymentMethod::kCash);

  PurchaseInput pin = cash;
  pin.cash = false;
  pin.pin = true;
  EXPECT_EQ(*validate_purchase_input(pin), PaymentMethod::kPin);

  PurchaseInput balance = cash;
  balance.cash = false;
  balance.balance = true;
  balance.buyer_holder_id = 7;
  EXPECT_EQ(*validate_purchase_input(balance), PaymentMethod::kBalance);
}

TEST(ValidatePurchaseInput, LineCountIsOneToFifty) {
  auto none = validate_purchase_input(cash_order({}));
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(code_of(none), ErrorCode::kInvalidOrder);
  EXPECT_EQ(none.error().field, "orders");

  std::vector<OrderLineInput> lines(limits::kOrderLinesMax, OrderLineInput{1, 1});
  EXPECT_TRUE(validate_purchase_input(cash_order(lines)).ok());
  lines.push_back({1, 1});
  auto too_many = validate_purchase_input(cash_order(lines));
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(code_of(too_many), ErrorCode::kInvalidOrder);
}

TEST(ValidatePurchaseInput, QuantityIsOneToHundred) {
  EXPECT_TRUE(validate_purchase_input(cash_order({{1, limits::kOrderQuantityMin}})).ok());
  EXPECT_TRUE(validate_purchase_input(cash_order({{1, limits::kOrderQuantityMax}})).ok());
  for (std::int64_t bad :
       {std::int64_t{0}, std::int64_t{-1}, std::int64_t{101}, std::int64_t{1'000'000'000}}) {
    auto r = validate_purchase_input(cash_order({{1, 1}, {2, bad}}));
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(code_of(r), ErrorCode::kInvalidOrder);
    EXPECT_EQ(r.error().field, "orders[1].quantity");
  }
}

TEST(ValidatePurchaseInput, ExactlyOnePaymentMethod) {
  PurchaseInput none = cash_order({{1, 1}});
  none.cash = false;
  EXPECT_EQ(code_of(validate_purchase_input(none)), ErrorCode::kInvalidPaymentMethod);

  PurchaseInput two = cash_order({{1, 1}});
  two.pin = true;
  EXPECT_EQ(code_of(validate_purchase_input(two)), ErrorCode::kInvalidPaymentMethod);

  PurchaseInput three = two;
  three.balance = true;
  three.buyer_holder_id = 3;
  EXPECT_EQ(code_of(validate_purchase_input(three)), ErrorCode::kInvalidPaymentMethod);
}

TEST(ValidatePurchaseInput, BuyerGoesWithBalanceOnly) {
  PurchaseInput balance = cash_order({{1, 1}});
  balance.cash = false;
  balance.balance = true;
  auto no_buyer = validate_purchase_input(balance);
  EXPECT_EQ(code_of(no_buyer), ErrorCode::kInvalidPaymentMethod);
  EXPECT_EQ(no_buyer.error().field, "buyer");

  PurchaseInput cash = cash_order({{1, 1}});
  cash.buyer_holder_id = 4;
  EXPECT_EQ(code_of(validate_purchase_input(cash)), ErrorCode::kInvalidPaymentMethod);

  PurchaseInput pin = cash;
  pin.cash = false;
  pin.pin = true;
  EXPECT_EQ(code_of(validate_purchase_input(pin)), ErrorCode::kInvalidPaymentMethod);
}

TEST(PriceOrder, SnapshotsCurrentPrices) {
  std::vector<Product> products = {product(2, 250), product(1, 100)};
  std::vector<OrderLineInput> lines = {{1, 3}, {2, 1}, {1, 2}};
  auto priced = price_order(lines, products);
  ASSERT_TRUE(priced.ok());
  ASSERT_EQ(priced->size(), 3u);
  EXPECT_EQ((*priced)[0].unit_price, Cents(100));
  EXPECT_EQ((*priced)[0].quantity, 3);
  EXPECT_EQ((*priced)[1].unit_price, Cents(250));
  EXPECT_EQ((*priced)[2].product_id, 1);
  EXPECT_EQ(*order_total(*priced), Cents(300 + 250 + 200));
}

TEST(PriceOrder, UnknownProduct) {
  std::vector<Product> products = {product(1, 100)};
  std::vector<OrderLineInput> lines = {{1, 1}, {9, 1}};
  auto priced = price_order(lines, products);
  ASSERT_FALSE(priced.ok());
  EXPECT_EQ(priced.error().code, ErrorCode::kProductNotFound);
  EXPECT_EQ(priced.error().field, "orders[1].product");
}

TEST(PriceOrder, InactiveProduct) {
  std::vector<Product> products = {product(1, 100, /*active=*/false)};
  std::vector<OrderLineInput> lines = {{1, 1}};
  auto priced = price_order(lines, products);
  ASSERT_FALSE(priced.ok());
  EXPECT_EQ(priced.error().code, ErrorCode::kProductInactive);
}

TEST(OrderTotal, ZeroPricedProductsMakeAZeroTotal) {
  std::vector<PricedLine> lines = {{1, 5, Cents(0)}};
  EXPECT_EQ(*order_total(lines), Cents(0));
  EXPECT_EQ(*order_total({}), Cents(0));
}

TEST(OrderTotal, LargestLegalOrderIsExact) {
  std::vector<PricedLine> lines(limits::kOrderLinesMax,
                                PricedLine{1, limits::kOrderQuantityMax, Cents(12'345)});
  EXPECT_EQ(*order_total(lines), Cents(std::int64_t{50} * 100 * 12'345));
}

TEST(OrderTotal, OverflowAndAbsurdTotalsAreErrors) {
  std::vector<PricedLine> overflow = {{1, 100, Cents(INT64_MAX / 10)}};
  EXPECT_EQ(order_total(overflow).error().code, ErrorCode::kInvalidAmount);
  std::vector<PricedLine> too_large = {{1, 2, Cents(limits::kMoneyAbsMaxCents)}};
  EXPECT_EQ(order_total(too_large).error().code, ErrorCode::kInvalidAmount);
}

TEST(PaymentMethodNames, RoundTrip) {
  for (PaymentMethod m : {PaymentMethod::kBalance, PaymentMethod::kCash, PaymentMethod::kPin,
                          PaymentMethod::kUnknown}) {
    EXPECT_EQ(*parse_payment_method(payment_method_name(m)), m);
  }
  EXPECT_EQ(parse_payment_method("BALANCE").error().code, ErrorCode::kInvalidPaymentMethod);
}

}  // namespace
}  // namespace mamon::domain
