#include "http/api/purchases_api.h"

#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "base/limits.h"
#include "http/api/json_money.h"
#include "http/api/json_purchases.h"
#include "http/api/request_input.h"
#include "http/json_body.h"
#include "service/purchases_service.h"
#include "service/undo_sale.h"

namespace mamon::http::api {
namespace {

Result<domain::OrderLineInput> parse_order_line(const nlohmann::json& line, std::size_t index) {
  const std::string path = "orders[" + std::to_string(index) + "]";
  if (!line.is_object()) {
    return make_error(ErrorCode::kInvalidInput, "Each order line must be an object.", path);
  }
  domain::OrderLineInput input;
  MAMON_TRY(input.product_id, int_field(line, "product", path + ".product"));
  MAMON_TRY(input.quantity, int_field(line, "quantity", path + ".quantity"));
  return input;
}

Result<service::SaleRequest> parse_sale(const Request& request) {
  MAMON_TRY(nlohmann::json body, parse_json_body(request));
  MAMON_RETURN_IF_ERROR(require_object(body));
  service::SaleRequest sale;
  auto orders = body.find("orders");
  if (orders == body.end() || !orders->is_array()) {
    return make_error(ErrorCode::kInvalidInput, "A list of order lines is required.", "orders");
  }
  // One line past the limit is enough for the domain to refuse the order; parsing more would
  // only cost time.
  const std::size_t lines_max = static_cast<std::size_t>(limits::kOrderLinesMax) + 1;
  for (std::size_t i = 0; i < orders->size() && i < lines_max; ++i) {
    MAMON_TRY(domain::OrderLineInput line, parse_order_line((*orders)[i], i));
    sale.input.lines.push_back(line);
  }
  MAMON_TRY(sale.input.balance, bool_field(body, "balance", "balance"));
  MAMON_TRY(sale.input.cash, bool_field(body, "cash", "cash"));
  MAMON_TRY(sale.input.pin, bool_field(body, "pin", "pin"));
  MAMON_TRY(sale.input.buyer_holder_id, optional_int_field(body, "buyer", "buyer"));
  sale.idempotency_key = idempotency_key_of(request);
  return sale;
}

}  // namespace

Handler create_purchase(AppContext& context) {
  return [&context](const Request& request) -> Result<Response> {
    MAMON_TRY(service::SaleRequest sale, parse_sale(request));
    MAMON_TRY(service::Sale result,
              service::sell(context.database, context.clock, caller_of(request), sale));
    return Response::json(201, purchase_to_json(result.view, context.config.public_url));
  };
}

Handler list_purchases(AppContext& context) {
  return [&context](const Request& request) -> Result<Response> {
    MAMON_TRY(service::PageRequest page, page_request_of(request, limits::kPageSizeDefault));
    MAMON_TRY(service::Page<service::PurchaseView> purchases,
              service::list_purchases(context.database, caller_of(request), page));
    return page_response(purchases, [&](const service::PurchaseView& view) {
      return purchase_to_json(view, context.config.public_url);
    });
  };
}

Handler get_purchase(AppContext& context) {
  return [&context](const Request& request) -> Result<Response> {
    MAMON_TRY(service::PurchaseView view,
              service::get_purchase(context.database, caller_of(request), request.path_int("id")));
    return Response::json(200, purchase_to_json(view, context.config.public_url));
  };
}

// POST /api/purchases/{id}/undo/ (no body): the caller's own last sale, within the undo window.
Handler undo_purchase(AppContext& context) {
  return [&context](const Request& request) -> Result<Response> {
    MAMON_TRY(service::VoidResult undone,
              service::undo_own_sale(context.database, context.clock, caller_of(request),
                                     request.path_int("id")));
    return Response::json(
        200, {{"id", undone.mark.purchase_id},
              {"voided", format_iso8601(undone.mark.voided_at_us)},
              {"reason", undone.mark.reason},
              {"amount", money_to_json(undone.amount)},
              {"buyer", undone.buyer_holder_id ? nlohmann::json(*undone.buyer_holder_id)
                                               : nlohmann::json(nullptr)},
              {"remaining_after_undo", undone.wallet_balance_after
                                           ? money_to_json(*undone.wallet_balance_after)
                                           : nlohmann::json(nullptr)}});
  };
}

void register_purchases_routes(Router& router, AppContext& context) {
  router.add(Method::kPost, "/api/purchases", create_purchase(context));
  router.add(Method::kGet, "/api/purchases", list_purchases(context));
  router.add(Method::kGet, "/api/purchases/{id}", get_purchase(context));
  router.add(Method::kPost, "/api/purchases/{id}/undo", undo_purchase(context));
}

}  // namespace mamon::http::api
