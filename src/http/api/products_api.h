// The catalogue endpoints (API.md "Catalogue"), registered by register_products_routes():
//   GET /api/products/             [Product], all products by id
//   GET /api/products/overview/    {"quant": {"<product id>": <quantity bought by the caller>},
//                                   "products": [Product]}
//   GET /api/products/{id}         Product; 404 if unknown
//   PUT /api/products/{id}         {"name", "color": "#rrggbb"} -> Product; board or superuser
//                                  only (403); a name taken by another product 409
//   GET /api/categories/           [{"id", "name", "description", "products": [Product]}]
#pragma once

#include "http/router.h"
#include "http/routes.h"

namespace mamon::http::api {

void register_products_routes(Router& router, AppContext& context);

}  // namespace mamon::http::api
