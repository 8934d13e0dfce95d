#include "http/api/holders_api.h"

#include <nlohmann/json.hpp>

#include "base/limits.h"
#include "http/api/json_users.h"
#include "http/api/request_input.h"
#include "http/json_body.h"
#include "service/cards_service.h"
#include "service/holders_service.h"

namespace mamon::http::api {
namespace {

// A holder named in the URL that does not exist is 404 (kHolderNotFound is 400 when a body
// field names it).
Error as_not_found(Error error) {
  if (error.code == ErrorCode::kHolderNotFound) error.code = ErrorCode::kNotFound;
  return error;
}

Result<Response> holders_response(storage::Database& db, const Request& request,
                                  const std::string& search, std::string_view public_url) {
  MAMON_TRY(service::PageRequest page, page_request_of(request, limits::kPageSizeMax));
  MAMON_TRY(service::Page<domain::HolderView> holders,
            service::list_visible_holders(db, caller_of(request), search, page));
  return page_response(holders, [&](const domain::HolderView& view) {
    return holder_to_json(view, public_url);
  });
}

Result<std::string> required_string(const nlohmann::json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    return make_error(ErrorCode::kInvalidInput, "This field is required.", name);
  }
  if (!it->is_string()) return make_error(ErrorCode::kInvalidInput, "Not a valid string.", name);
  return it->get<std::string>();
}

// {"card_id", "card_name"} of a link request; card_name may be absent (empty label).
Result<service::LinkCardRequest> link_request_of(const nlohmann::json& body) {
  MAMON_RETURN_IF_ERROR(require_object(body));
  service::LinkCardRequest link;
  MAMON_TRY(link.card_id, required_string(body, "card_id"));
  MAMON_TRY(link.card_name, string_field(body, "card_name", "card_name"));
  return link;
}

Response card_created(const service::CardView& view, std::string_view public_url) {
  nlohmann::json out = card_to_json(view, public_url);
  out["message"] = "Card added to holder";
  out["card"] = card_to_json(view, public_url);
  return Response::json(201, out);
}

}  // namespace

void register_holders_routes(Router& router, AppContext& context) {
  storage::Database& db = context.database;
  const Clock& clock = context.clock;
  const std::string& url = context.config.public_url;

  router.add(Method::kGet, "/api/holders", [&db, &url](const Request& request) {
    return holders_response(db, request, std::string(request.query.get("search").value_or("")), url);
  });

  router.add(Method::kPost, "/api/holders",
             [&db, &url](const Request& request) -> Result<Response> {
               MAMON_TRY(nlohmann::json body, parse_json_body(request));
               if (!body.is_string()) {
                 return make_error(ErrorCode::kInvalidInput,
                                   "The body must be a JSON string: the search text.", "search");
               }
               return holders_response(db, request, body.get<std::string>(), url);
             });

  router.add(Method::kGet, "/api/holders/{id}",
             [&db, &url](const Request& request) -> Result<Response> {
               auto holder = service::get_holder(db, caller_of(request), request.path_int("id"));
               if (!holder) return as_not_found(std::move(holder).error());
               return Response::json(200, holder_to_json(*holder, url));
             });

  router.add(Method::kPost, "/api/holders/cards",
             [&db, &clock, &url](const Request& request) -> Result<Response> {
               MAMON_TRY(nlohmann::json body, parse_json_body(request));
               MAMON_TRY(service::LinkCardRequest link, link_request_of(body));
               auto user = body.find("user");
               if (user == body.end() || !user->is_object()) {
                 return make_error(ErrorCode::kInvalidInput, "This field is required.", "user");
               }
               MAMON_TRY(link.user_id, int_field(*user, "id", "user.id"));
               MAMON_TRY(service::CardView card,
                         service::link_card(db, clock, caller_of(request), link));
               return card_created(card, url);
             });

  router.add(Method::kGet, "/api/cards/{card_id:str}",
             [&db, &url](const Request& request) -> Result<Response> {
               MAMON_TRY(service::CardView card, service::get_card(db, caller_of(request),
                                                                    request.path_text("card_id")));
               return Response::json(200, card_to_json(card, url));
             });

  router.add(Method::kPost, "/api/cards",
             [&db, &clock, &url](const Request& request) -> Result<Response> {
               MAMON_TRY(nlohmann::json body, parse_json_body(request));
               MAMON_TRY(service::LinkCardRequest link, link_request_of(body));
               link.user_id = request.user().user_id;
               MAMON_TRY(service::CardView card,
                         service::link_card(db, clock, caller_of(request), link));
               return card_created(card, url);
             });

  router.add(Method::kDelete, "/api/cards/{card_id:str}",
             [&db](const Request& request) -> Result<Response> {
               MAMON_RETURN_IF_ERROR(
                   service::unlink_card(db, caller_of(request), request.path_text("card_id")));
               return Response::json(200, {{"message", "Card deleted successfully!"}});
             });
}

}  // namespace mamon::http::api
