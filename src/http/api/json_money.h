// Money at the JSON edge (API.md "General rules"): a JSON number in euros with at most two
// decimals, parsed exactly into Cents and written back as a JSON number. Shared by every API
// handler that reads or writes an amount; the interface is stable.
#pragma once

#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "base/money.h"
#include "base/result.h"

namespace mamon::http::api {

// `value` as cents. Accepted: JSON integers (euros) and JSON floats with at most two decimals
// ("12.35", 1.5). A float is converted through its shortest round-trip text (std::to_chars), which
// is exact for every amount within limits::kMoneyAbsMaxCents (at most 15 significant digits).
// Error kInvalidAmount with `field` for: strings, booleans, null, objects, arrays, NaN/infinity,
// 3+ decimals and magnitudes above limits::kMoneyAbsMaxCents. Negative amounts are accepted here;
// the use case decides whether they are allowed.
Result<Cents> money_from_json(const nlohmann::json& value, std::string_view field);

// `amount` as a JSON number in euros: an integer when whole (12), else a float whose shortest
// text has at most two decimals (12.35).
nlohmann::json money_to_json(Cents amount);

}  // namespace mamon::http::api
