// Purchases (DESIGN.md §1, API.md "Purchases"): what a sale is, the rules an order must satisfy
// before anything is written, and its pricing. Pure: no I/O; the service layer fetches products
// and hands them in.
//
// Validation order (each step returns its own named error, the first failure wins):
//   1. validate_purchase_input: 1..kOrderLinesMax lines (kInvalidOrder), every quantity in
//      kOrderQuantityMin..kOrderQuantityMax (kInvalidOrder), exactly one of balance/cash/pin,
//      balance with a buyer, cash/pin without one (kInvalidPaymentMethod).
//   2. price_order: every product exists (kProductNotFound) and is active (kProductInactive); the
//      unit price is the product's current price, snapshotted on the line with its ledger account.
//   3. order_total: sum of quantity x unit price with checked arithmetic (kInvalidAmount on
//      overflow or above limits::kMoneyAbsMaxCents).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/money.h"
#include "base/result.h"
#include "domain/products.h"

namespace mamon::domain {

// 'unknown' exists only for imported history; new purchases are balance, cash or pin.
enum class PaymentMethod { kBalance, kCash, kPin, kUnknown };

// "balance", "cash", "pin", "unknown" (the database's `purchases.method`).
std::string_view payment_method_name(PaymentMethod method);
// Inverse of payment_method_name. Error: kInvalidPaymentMethod.
Result<PaymentMethod> parse_payment_method(std::string_view name);

// One line of an order as requested: which product, how many.
struct OrderLineInput {
  std::int64_t product_id = 0;
  std::int64_t quantity = 0;
};

// A sale as requested, before validation. The flags mirror the API's booleans.
struct PurchaseInput {
  std::vector<OrderLineInput> lines;
  bool balance = false;
  bool cash = false;
  bool pin = false;
  std::optional<std::int64_t> buyer_holder_id;  // required with balance, forbidden otherwise
};

// Step 1. Returns the one payment method the input names. Errors: kInvalidOrder (field
// "orders" or "orders[i].quantity"), kInvalidPaymentMethod (field "balance"/"buyer").
Result<PaymentMethod> validate_purchase_input(const PurchaseInput& input);

// An order line with its price fixed: what gets stored.
struct PricedLine {
  std::int64_t product_id = 0;
  std::int64_t quantity = 0;
  Cents unit_price;
  // The product's ledger account (grootboek_waarde) at sale time; "" when it had none. Stored on
  // the line, so editing the product later never changes the board's past figures.
  std::string ledger_account = {};
};

// Step 2. `products` are the products found for the input's ids (any order, missing ones simply
// absent). Errors: kProductNotFound / kProductInactive with field "orders[i].product".
Result<std::vector<PricedLine>> price_order(std::span<const OrderLineInput> lines,
                                            std::span<const Product> products);

// Step 3. Sum of quantity x unit price. Error kInvalidAmount on overflow or a total above
// limits::kMoneyAbsMaxCents (50 lines x 100 items of any sane price stay far below it).
Result<Cents> order_total(std::span<const PricedLine> lines);

// A stored order line.
struct OrderLine {
  std::int64_t id = 0;
  std::int64_t purchase_id = 0;
  std::int64_t product_id = 0;
  std::int64_t quantity = 0;
  Cents unit_price;
  std::string ledger_account = {};  // snapshot of the product's grootboek_waarde; "" for none
};

// A stored purchase with its lines.
struct Purchase {
  std::int64_t id = 0;
  std::int64_t seller_personnel_id = 0;
  std::optional<std::int64_t> buyer_holder_id;  // wallet purchases (and some imported ones)
  PaymentMethod method = PaymentMethod::kUnknown;
  Cents total;
  std::optional<Cents> balance_after;  // buyer's balance right after, wallet purchases only
  bool imported = false;
  TimestampUs created_at_us = 0;
  // When it was voided (service/void_service.h); the reason and who are in storage/voids_repo.h.
  std::optional<TimestampUs> voided_at_us;
  std::vector<OrderLine> lines;
};

}  // namespace mamon::domain
