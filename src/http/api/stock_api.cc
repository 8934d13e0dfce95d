#include "http/api/stock_api.h"

#include <nlohmann/json.hpp>

#include "base/limits.h"
#include "http/api/json_money.h"
#include "http/api/json_stock.h"
#include "http/api/request_input.h"
#include "http/json_body.h"
#include "service/stock_service.h"

namespace mamon::http::api {
namespace {

Result<service::StockMutationInput> mutation_input_of(const nlohmann::json& body) {
  MAMON_RETURN_IF_ERROR(require_object(body));
  service::StockMutationInput input;
  MAMON_TRY(input.kind, string_field(body, "kind", "kind"));
  auto quantity = body.find("quantity");
  if (quantity == body.end() || quantity->is_null()) {
    return make_error(ErrorCode::kInvalidInput, "This field is required.", "quantity");
  }
  MAMON_TRY(input.quantity, stock_quantity_text_from_json(*quantity, "quantity"));
  MAMON_TRY(input.reason, string_field(body, "reason", "reason"));
  if (auto cost = body.find("cost"); cost != body.end() && !cost->is_null()) {
    Result<Cents> cents = money_from_json(*cost, "cost");
    if (!cents) {
      Error error = std::move(cents).error();
      error.code = ErrorCode::kInvalidInput;  // a field of a form-like body: 400 with its field
      return error;
    }
    input.cost_cents = cents->value();
  }
  return input;
}

}  // namespace

void register_stock_routes(Router& router, AppContext& context) {
  storage::Database& db = context.database;
  const Clock& clock = context.clock;

  router.add(Method::kGet, "/api/stock", [&db](const Request& request) -> Result<Response> {
    MAMON_TRY(std::vector<domain::StockItem> items, service::list_stock(db, caller_of(request)));
    nlohmann::json out = nlohmann::json::array();
    for (const domain::StockItem& item : items) out.push_back(stock_item_to_json(item));
    return Response::json(200, out);
  });

  router.add(Method::kGet, "/api/stock/{id}", [&db](const Request& request) -> Result<Response> {
    MAMON_TRY(service::StockDetail detail,
              service::get_stock(db, caller_of(request), request.path_int("id"), {1, 1}));
    nlohmann::json out = stock_item_to_json(detail.item);
    nlohmann::json products = nlohmann::json::array();
    for (const storage::StockProductRow& p : detail.products) {
      products.push_back({{"id", p.product_id},
                          {"name", p.name},
                          {"units", stock_quantity_to_json(p.units_per_sale, detail.item.unit)},
                          {"active", p.active}});
    }
    out["products"] = std::move(products);
    return Response::json(200, out);
  });

  router.add(
      Method::kGet, "/api/stock/{id}/mutations", [&db](const Request& request) -> Result<Response> {
        MAMON_TRY(service::PageRequest page, page_request_of(request, limits::kPageSizeDefault));
        MAMON_TRY(service::StockDetail detail,
                  service::get_stock(db, caller_of(request), request.path_int("id"), page));
        const domain::StockUnit unit = detail.item.unit;
        return page_response(detail.mutations, [unit](const domain::StockMutation& m) {
          return stock_mutation_to_json(m, unit);
        });
      });

  router.add(Method::kPost, "/api/stock/{id}/mutations",
             [&db, &clock](const Request& request) -> Result<Response> {
               const domain::Caller caller = caller_of(request);
               // Refuse before reading the body: 403 whatever was sent.
               MAMON_RETURN_IF_ERROR(service::may_manage_stock(caller));
               MAMON_TRY(nlohmann::json body, parse_json_body(request));
               MAMON_TRY(service::StockMutationInput input, mutation_input_of(body));
               MAMON_TRY(
                   service::AddedStockMutation added,
                   service::add_stock_mutation(db, clock, caller, request.path_int("id"), input));
               nlohmann::json out = stock_mutation_to_json(added.mutation, added.item.unit);
               out["stock_item"] = stock_item_to_json(added.item);
               return Response::json(201, out);
             });
}

}  // namespace mamon::http::api
