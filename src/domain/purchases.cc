#include "domain/purchases.h"

#include <unordered_map>

#include "base/limits.h"

namespace mamon::domain {
namespace {

std::string line_field(std::size_t index, std::string_view name) {
  return "orders[" + std::to_string(index) + "]." + std::string(name);
}

}  // namespace

std::string_view payment_method_name(PaymentMethod method) {
  switch (method) {
    case PaymentMethod::kBalance:
      return "balance";
    case PaymentMethod::kCash:
      return "cash";
    case PaymentMethod::kPin:
      return "pin";
    case PaymentMethod::kUnknown:
      return "unknown";
  }
  return "unknown";
}

Result<PaymentMethod> parse_payment_method(std::string_view name) {
  for (PaymentMethod m : {PaymentMethod::kBalance, PaymentMethod::kCash, PaymentMethod::kPin,
                          PaymentMethod::kUnknown}) {
    if (payment_method_name(m) == name) return m;
  }
  return make_error(ErrorCode::kInvalidPaymentMethod,
                    "unknown payment method '" + std::string(name.substr(0, 20)) + "'");
}

Result<PaymentMethod> validate_purchase_input(const PurchaseInput& input) {
  if (input.lines.empty()) {
    return make_error(ErrorCode::kInvalidOrder, "An order needs at least one line.", "orders");
  }
  if (input.lines.size() > static_cast<std::size_t>(limits::kOrderLinesMax)) {
    return make_error(ErrorCode::kInvalidOrder,
                      "An order has at most " + std::to_string(limits::kOrderLinesMax) + " lines.",
                      "orders");
  }
  for (std::size_t i = 0; i < input.lines.size(); ++i) {
    std::int64_t quantity = input.lines[i].quantity;
    if (quantity < limits::kOrderQuantityMin || quantity > limits::kOrderQuantityMax) {
      return make_error(ErrorCode::kInvalidOrder,
                        "Quantity must be between " + std::to_string(limits::kOrderQuantityMin) +
                            " and " + std::to_string(limits::kOrderQuantityMax) + ".",
                        line_field(i, "quantity"));
    }
  }
  int methods = (input.balance ? 1 : 0) + (input.cash ? 1 : 0) + (input.pin ? 1 : 0);
  if (methods != 1) {
    return make_error(ErrorCode::kInvalidPaymentMethod,
                      "Choose exactly one of balance, cash and pin.", "balance");
  }
  if (input.balance && !input.buyer_holder_id) {
    return make_error(ErrorCode::kInvalidPaymentMethod, "A balance purchase needs a buyer.",
                      "buyer");
  }
  if (!input.balance && input.buyer_holder_id) {
    return make_error(ErrorCode::kInvalidPaymentMethod,
                      "A cash or PIN purchase must not have a buyer.", "buyer");
  }
  if (input.balance) return PaymentMethod::kBalance;
  return input.cash ? PaymentMethod::kCash : PaymentMethod::kPin;
}

Result<std::vector<PricedLine>> price_order(std::span<const OrderLineInput> lines,
                                            std::span<const Product> products) {
  std::unordered_map<std::int64_t, const Product*> by_id;
  for (const Product& p : products) by_id.emplace(p.id, &p);
  std::vector<PricedLine> priced;
  priced.reserve(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto it = by_id.find(lines[i].product_id);
    if (it == by_id.end()) {
      return make_error(ErrorCode::kProductNotFound,
                        "Product " + std::to_string(lines[i].product_id) + " does not exist.",
                        line_field(i, "product"));
    }
    const Product& product = *it->second;
    if (!product.active) {
      return make_error(ErrorCode::kProductInactive,
                        "Product '" + product.name + "' is not for sale.",
                        line_field(i, "product"));
    }
    MAMON_CHECK(product.price >= Cents::zero());
    priced.push_back(PricedLine{product.id, lines[i].quantity, product.price,
                                product.grootboek_waarde.value_or("")});
  }
  return priced;
}

Result<Cents> order_total(std::span<const PricedLine> lines) {
  Cents total = Cents::zero();
  for (const PricedLine& line : lines) {
    MAMON_TRY(Cents line_total, line.unit_price.times(line.quantity));
    MAMON_TRY(total, total.plus(line_total));
  }
  if (total.value() > limits::kMoneyAbsMaxCents) {
    return make_error(ErrorCode::kInvalidAmount, "The order total is too large.", "orders");
  }
  return total;
}

}  // namespace mamon::domain
