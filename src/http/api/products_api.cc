#include "http/api/products_api.h"

#include <memory>
#include <nlohmann/json.hpp>

#include "http/api/catalogue_cache.h"
#include "http/api/json_products.h"
#include "http/api/request_input.h"
#include "http/json_body.h"
#include "service/products_service.h"

namespace mamon::http::api {
namespace {

using Kind = CatalogueCache::Kind;

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

// ?active=true (the default) or ?active=false (only the inactive products), as the old server's
// query filter spelled it.
Result<service::ProductFilter> filter_of(const Request& request) {
  auto text = request.query.get("active");
  if (!text || iequals(*text, "true") || *text == "1") return service::ProductFilter::kActive;
  if (iequals(*text, "false") || *text == "0") return service::ProductFilter::kInactive;
  return make_error(ErrorCode::kInvalidInput, "active must be true or false.", "active");
}

// 200 with the cached body, or 304 when the client already holds it.
Response catalogue_response(const Request& request, const CatalogueBody& body) {
  Response response;
  if (auto tags = request.headers.get("If-None-Match"); tags && etag_matches(*tags, body.etag)) {
    response.status = 304;
  } else {
    response = Response::text(200, body.json, kJsonContentType);
  }
  response.headers.set("ETag", body.etag);
  // The list depends on who may read it: private; revalidate every time (304 is cheap).
  response.headers.set("Cache-Control", "private, no-cache");
  return response;
}

Handler list_handler(std::shared_ptr<CatalogueCache> cache, Kind kind) {
  return [cache, kind](const Request& request) -> Result<Response> {
    MAMON_TRY(service::ProductFilter filter, filter_of(request));
    MAMON_TRY(std::shared_ptr<const CatalogueBody> body, cache->get(kind, filter));
    return catalogue_response(request, *body);
  };
}

InlineHandler list_from_memory(std::shared_ptr<CatalogueCache> cache, Kind kind) {
  return [cache, kind](const Request& request) -> std::optional<Response> {
    Result<service::ProductFilter> filter = filter_of(request);
    if (!filter) return std::nullopt;  // the worker answers the 400
    std::shared_ptr<const CatalogueBody> body = cache->peek(kind, *filter);
    if (!body) return std::nullopt;
    return catalogue_response(request, *body);
  };
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
  auto cache = std::make_shared<CatalogueCache>(db, url);

  router.add(Method::kGet, "/api/products", list_handler(cache, Kind::kProducts),
             {.fast_path = list_from_memory(cache, Kind::kProducts)});

  router.add(Method::kGet, "/api/products/overview",
             [&db, &url](const Request& request) -> Result<Response> {
               MAMON_TRY(service::ProductFilter filter, filter_of(request));
               MAMON_TRY(auto quantities, service::quantities_bought(db, caller_of(request)));
               MAMON_TRY(std::vector<domain::Product> products, service::list_products(db, filter));
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
             [&db, &url, cache](const Request& request) -> Result<Response> {
               MAMON_TRY(nlohmann::json body, parse_json_body(request));
               MAMON_RETURN_IF_ERROR(require_object(body));
               MAMON_TRY(std::string name, required_string(body, "name"));
               MAMON_TRY(std::string color, required_string(body, "color"));
               auto product = service::update_product(db, caller_of(request),
                                                      request.path_int("id"), name, color);
               if (!product) return as_not_found(std::move(product).error());
               cache->invalidate();  // this instance shows the change at once
               return Response::json(200, product_to_json(*product, url));
             });

  router.add(Method::kGet, "/api/categories", list_handler(cache, Kind::kCategories),
             {.fast_path = list_from_memory(cache, Kind::kCategories)});
}

}  // namespace mamon::http::api
