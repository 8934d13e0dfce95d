// Stock at the JSON edge (issue 10 item 2): quantities are JSON numbers in the stock item's unit
// (0.25 liters, 40 bags), converted exactly to and from the unit's smallest steps.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string_view>

#include "base/result.h"
#include "domain/stock.h"

namespace mamon::http::api {

// `steps` as a JSON number in whole units: an integer when whole (12), else a float whose
// shortest text is the exact decimal (0.25).
nlohmann::json stock_quantity_to_json(std::int64_t steps, domain::StockUnit unit);

// A JSON number as exact decimal text for domain::parse_stock_quantity (which the service runs
// in the stock item's unit): an integer as it is, a float through its shortest round-trip text
// (std::to_chars), so 0.1 stays "0.1" (100 ml) and never becomes 99.99... ml. Error kInvalidInput
// with `field` for anything but a finite number (strings, booleans, null).
Result<std::string> stock_quantity_text_from_json(const nlohmann::json& value,
                                                  std::string_view field);

// {"id", "name", "unit", "quantity", "description"}
nlohmann::json stock_item_to_json(const domain::StockItem& item);
// {"id", "stock", "kind", "quantity", "reason", "cost": euros|null, "user": id|null,
//  "purchase": id|null, "order_line": id|null, "imported", "date"}; quantity in `unit`.
nlohmann::json stock_mutation_to_json(const domain::StockMutation& mutation,
                                      domain::StockUnit unit);

}  // namespace mamon::http::api
