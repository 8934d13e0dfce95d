// The stock endpoints (issue 10 item 2), registered by register_stock_routes(). Reads need
// manage_stock, view_reports or view_sales; writes manage_stock (service/stock_service.h), 403
// otherwise. Quantities are JSON numbers in the stock item's unit (http/api/json_stock.h).
//   GET  /api/stock/                  [Stock], by name
//   GET  /api/stock/{id}/             Stock + "products": [{"id", "name", "units", "active"}]; 404
//   GET  /api/stock/{id}/mutations/   [StockMutation], newest first, ?page=&page_size= (default
//                                     20), total in X-Total-Count; 404 for an unknown stock
//   POST /api/stock/{id}/mutations/   {"kind": "delivery"|"count"|"loss", "quantity": number
//                                     (signed: a loss is negative), "reason": text (required),
//                                     "cost": euros|null} -> 201 StockMutation + "stock_item":
//                                     Stock (its quantity after); 400 {"detail", "errors"} for bad
//                                     input
#pragma once

#include "http/router.h"
#include "http/routes.h"

namespace mamon::http::api {

void register_stock_routes(Router& router, AppContext& context);

}  // namespace mamon::http::api
