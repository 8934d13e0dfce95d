#include "http/web/manage_stock_views.h"

#include <string>
#include <string_view>

namespace mamon::http::web {

nlohmann::json flow_meters_view(const Page& page, const std::vector<domain::StockItem>& items,
                                const std::vector<service::FlowMeter>& meters,
                                const PostedFlowMeter* posted, const Error* error) {
  nlohmann::json out = nlohmann::json::array();
  for (const service::FlowMeter& m : meters) {
    const bool is_posted = posted != nullptr && posted->meter == m.meter;
    service::FlowMeterInput shown;
    if (is_posted) {
      shown = posted->input;
    } else if (m.setting) {
      shown = {std::to_string(m.setting->stock_item_id),
               std::to_string(m.setting->readings_per_litre)};
    }
    nlohmann::json choices = nlohmann::json::array();
    choices.push_back({{"value", ""},
                       {"label", page.text("manage_stock.flow.not_configured")},
                       {"selected", shown.stock_item_id.empty()}});
    for (const domain::StockItem& item : items) {
      if (item.unit != domain::StockUnit::kLiters) continue;
      const std::string id = std::to_string(item.id);
      choices.push_back(
          {{"value", id}, {"label", item.name}, {"selected", shown.stock_item_id == id}});
    }
    auto error_for = [&](std::string_view field) -> nlohmann::json {
      if (!is_posted || error == nullptr || error->field != field) return false;
      return page.text("manage_stock.flow.error." + error->field);
    };
    const std::string n = std::to_string(m.meter);
    out.push_back({{"meter", n},
                   {"title", page.format("cycle.meter_n", {{"n", n}})},
                   {"action", "/manage/stock/flow-meters/" + n + "/"},
                   {"choices", choices},
                   {"stock_error", error_for("stock_item_id")},
                   {"readings", shown.readings_per_litre},
                   {"readings_error", error_for("readings_per_litre")},
                   {"updated", m.setting ? nlohmann::json(page.date_time(m.setting->updated_at_us))
                                         : nlohmann::json(false)}});
  }
  return out;
}

bool is_flow_meter_field(const Error& error) {
  return error.code == ErrorCode::kInvalidInput &&
         (error.field == "stock_item_id" || error.field == "readings_per_litre");
}

nlohmann::json flow_meter_error_summary(const Page& page, const PostedFlowMeter& posted,
                                        const Error& error) {
  return {{"title", page.text("form.error_summary")},
          {"items",
           {{{"text", page.text("manage_stock.flow.error." + error.field)},
             {"href", "#field-meter" + std::to_string(posted.meter) + "-" + error.field}}}}};
}

}  // namespace mamon::http::web
