#include "http/api/products_api.h"

#include <nlohmann/json.hpp>

#include "http/api/json_products.h"
#include "http/api/request_input.h"
#include "http/json_body.h"
#include "service/products_service.h"

namespace mamon::http::api {
namespace {

// An unknown product named in the URL is 404 (kProductNotFound is 400 when an order line names
// it, so the code is translated here).
Error as_not_found(Error error) {
  if (error.code == ErrorCode::kProductNotFound) error.code = ErrorCode::kNotFound;
  return error;
}

Result<std::string> required_string(const nlohmann::json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    return make_error(ErrorCode::kInvalidInput, "This field is required.", name);
  }
  if (!it->is_string()) return make_error(ErrorCode::kInvalidInput, "Not a valid string.", name);
  return it->get<std::string>();
}

nlohmann::json products_json(const std::vector<domain::Product>& products,
                             std::string_view public_url) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& product : products) out.push_back(product_to_json(product, public_url));
  return out;
}

}  // namespace

void register_products_routes(Router& router, AppContext& context) {
  storage::Database& db = context.database;
  const std::string& url = context.config.public_url;

  router.add(Method::kGet, "/api/products", [&db, &url](const Request&) -> Result<Response> {
    MAMON_TRY(std::vector<domain::Product> products, service::list_products(db));
    return Response::json(200, products_json(products, url));
  });

  router.add(Method::kGet, "/api/products/overview",
             [&db, &url](const Request& request) -> Result<Response> {
               MAMON_TRY(auto quantities, service::quantities_bought(db, caller_of(request)));
               MAMON_TRY(std::vector<domain::Product> products, service::list_products(db));
               nlohmann::json quant = nlohmann::json::object();
               for (const auto& [product_id, quantity] : quantities) {
                 quant[std::to_string(product_id)] = quantity;
               }
               return Response::json(
                   200, {{"quant", std::move(quant)}, {"products", products_json(products, url)}});
             });

  router.add(Method::kGet, "/api/products/{id}",
             [&db, &url](const Request& request) -> Result<Response> {
               auto product = service::get_product(db, request.path_int("id"));
               if (!product) return as_not_found(std::move(product).error());
               return Response::json(200, product_to_json(*product, url));
             });

  router.add(Method::kPut, "/api/products/{id}",
             [&db, &url](const Request& request) -> Result<Response> {
               MAMON_TRY(nlohmann::json body, parse_json_body(request));
               MAMON_RETURN_IF_ERROR(require_object(body));
               MAMON_TRY(std::string name, required_string(body, "name"));
               MAMON_TRY(std::string color, required_string(body, "color"));
               auto product = service::update_product(db, caller_of(request),
                                                      request.path_int("id"), name, color);
               if (!product) return as_not_found(std::move(product).error());
               return Response::json(200, product_to_json(*product, url));
             });

  router.add(Method::kGet, "/api/categories", [&db, &url](const Request&) -> Result<Response> {
    MAMON_TRY(std::vector<domain::Category> categories, service::list_categories(db));
    nlohmann::json out = nlohmann::json::array();
    for (const auto& category : categories) out.push_back(category_to_json(category, url));
    return Response::json(200, out);
  });
}

}  // namespace mamon::http::api
