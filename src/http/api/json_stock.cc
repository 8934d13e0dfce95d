#include "http/api/json_stock.h"

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <system_error>

#include "base/clock.h"
#include "http/api/json_money.h"

namespace mamon::http::api {

nlohmann::json stock_quantity_to_json(std::int64_t steps, domain::StockUnit unit) {
  const std::int64_t per_unit = domain::steps_per_unit(unit);
  if (steps % per_unit == 0) return nlohmann::json(steps / per_unit);
  // The shortest double of the exact decimal text: nlohmann prints it back as that text.
  const std::string text = domain::format_stock_quantity(steps, unit);
  double value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return nlohmann::json(value);
}

Result<std::string> stock_quantity_text_from_json(const nlohmann::json& value,
                                                  std::string_view field) {
  std::string text;
  if (value.is_number_integer()) {
    text = value.is_number_unsigned() ? std::to_string(value.get<std::uint64_t>())
                                      : std::to_string(value.get<std::int64_t>());
  } else if (value.is_number_float() && std::isfinite(value.get<double>())) {
    char buffer[64];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value.get<double>());
    if (ec != std::errc()) {
      return make_error(ErrorCode::kInvalidInput, "Not a valid number.", std::string(field));
    }
    text.assign(buffer, end);
  } else {
    return make_error(ErrorCode::kInvalidInput, "A quantity must be a number.", std::string(field));
  }
  return text;
}

nlohmann::json stock_item_to_json(const domain::StockItem& item) {
  return {{"id", item.id},
          {"name", item.name},
          {"unit", std::string(domain::stock_unit_name(item.unit))},
          {"quantity", stock_quantity_to_json(item.quantity, item.unit)},
          {"description", item.description}};
}

nlohmann::json stock_mutation_to_json(const domain::StockMutation& m, domain::StockUnit unit) {
  auto id_or_null = [](const std::optional<std::int64_t>& id) {
    return id ? nlohmann::json(*id) : nlohmann::json(nullptr);
  };
  return {{"id", m.id},
          {"stock", m.stock_item_id},
          {"kind", std::string(domain::stock_mutation_kind_name(m.kind))},
          {"quantity", stock_quantity_to_json(m.quantity_delta, unit)},
          {"reason", m.reason},
          {"cost", m.cost_cents ? money_to_json(Cents(*m.cost_cents)) : nlohmann::json(nullptr)},
          {"user", id_or_null(m.user_id)},
          {"purchase", id_or_null(m.purchase_id)},
          {"order_line", id_or_null(m.order_line_id)},
          {"imported", m.imported},
          {"date", format_iso8601(m.created_at_us)}};
}

}  // namespace mamon::http::api
