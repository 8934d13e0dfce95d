#include "http/api/cash_moves_api.h"

#include <nlohmann/json.hpp>

#include "http/api/json_money.h"
#include "http/api/request_input.h"
#include "http/json_body.h"
#include "service/cash_moves_service.h"

namespace mamon::http::api {
namespace {

nlohmann::json cash_move_to_json(const storage::CashMove& move) {
  return nlohmann::json{
      {"id", move.id},
      {"direction", domain::cash_move_direction_name(move.direction)},
      {"amount", money_to_json(move.amount)},
      {"reason", move.reason},
      {"personel", move.personnel_id},
      {"barcycle",
       move.bar_cycle_id ? nlohmann::json(*move.bar_cycle_id) : nlohmann::json(nullptr)},
      {"date", format_iso8601(move.created_at_us)},
  };
}

Result<domain::CashMoveInput> parse_cash_move(const Request& request) {
  MAMON_TRY(nlohmann::json body, parse_json_body(request));
  MAMON_RETURN_IF_ERROR(require_object(body));
  domain::CashMoveInput input;
  auto direction = body.find("direction");
  if (direction == body.end() || !direction->is_string()) {
    return make_error(ErrorCode::kInvalidInput, "direction must be \"in\" or \"out\".",
                      "direction");
  }
  MAMON_TRY(input.direction, domain::cash_move_direction_from_name(direction->get<std::string>()));
  auto amount = body.find("amount");
  if (amount == body.end()) {
    return make_error(ErrorCode::kInvalidInput, "This field is required.", "amount");
  }
  MAMON_TRY(input.amount, money_from_json(*amount, "amount"));
  MAMON_TRY(input.reason, string_field(body, "reason", "reason"));
  return input;
}

Handler create_cash_move(AppContext& context) {
  return [&context](const Request& request) -> Result<Response> {
    MAMON_TRY(domain::CashMoveInput input, parse_cash_move(request));
    MAMON_TRY(storage::CashMove move, service::move_cash(context.database, context.clock,
                                                         caller_of(request), std::move(input)));
    return Response::json(201, cash_move_to_json(move));
  };
}

Handler list_cycle_cash_moves(AppContext& context) {
  return [&context](const Request& request) -> Result<Response> {
    MAMON_TRY(std::vector<storage::CashMove> moves,
              service::cash_moves_of_bar_cycle(context.database, caller_of(request),
                                               request.path_int("id")));
    nlohmann::json items = nlohmann::json::array();
    for (const storage::CashMove& move : moves) items.push_back(cash_move_to_json(move));
    return Response::json(200, items);
  };
}

}  // namespace

void register_cash_moves_routes(Router& router, AppContext& context) {
  router.add(Method::kPost, "/api/cashmoves", create_cash_move(context));
  router.add(Method::kGet, "/api/barcycles/{id}/cashmoves", list_cycle_cash_moves(context));
}

}  // namespace mamon::http::api
