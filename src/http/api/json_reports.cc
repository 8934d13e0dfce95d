#include "http/api/json_reports.h"

#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "http/api/json_money.h"

namespace mamon::http::api {
namespace {

nlohmann::json optional_money(const std::optional<Cents>& amount) {
  return amount.has_value() ? money_to_json(*amount) : nlohmann::json(nullptr);
}

nlohmann::json upgrades_json(const domain::UpgradesByMethod& upgrades, Cents total) {
  return nlohmann::json{{"cash", money_to_json(upgrades.cash)},
                        {"pin", money_to_json(upgrades.pin)},
                        {"mollie", money_to_json(upgrades.mollie)},
                        {"unknown", money_to_json(upgrades.unknown)},
                        {"total", money_to_json(total)}};
}

}  // namespace

nlohmann::json report_to_json(const domain::Report& report) {
  nlohmann::json body{
      {"id", report.id},
      {"action", report.action == domain::ReportAction::kOther && report.legacy_action
                     ? *report.legacy_action
                     : std::string(domain::report_action_name(report.action))},
      {"date", format_iso8601(report.created_at_us)},
      {"total_cash", money_to_json(report.total_cash)},
      {"flow_meter1", report.flow_meter1},
      {"flow_meter2", report.flow_meter2},
      {"comment", report.comment},
      {"personel", report.personnel_id},
      {"barcycle", nullptr},
  };
  if (report.bar_cycle_id.has_value()) body["barcycle"] = *report.bar_cycle_id;
  // The stored text is the canonical JSON service/counted_cash.h wrote; the object as sent.
  body["cash_breakdown"] =
      report.cash_breakdown ? nlohmann::json::parse(*report.cash_breakdown) : nlohmann::json();
  body["pin_total"] = optional_money(report.pin_total);
  return body;
}

namespace {

// {"warn_percent", "meters": [...]}: see json_reports.h. Volumes in whole millilitres.
nlohmann::json flow_meters_json(const service::CycleFlowMeters& flow) {
  auto optional_int = [](const std::optional<std::int64_t>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
  };
  nlohmann::json meters = nlohmann::json::array();
  for (const service::CycleFlowMeter& m : flow.meters) {
    const std::optional<domain::FlowShrinkage>& s = m.shrinkage;
    meters.push_back(nlohmann::json{
        {"meter", m.meter},
        {"stock_item", m.setting ? nlohmann::json(m.setting->stock_item_id) : nullptr},
        {"stock_item_name", m.setting ? nlohmann::json(m.setting->stock_item_name) : nullptr},
        {"readings_per_litre", m.setting ? nlohmann::json(m.setting->readings_per_litre) : nullptr},
        {"opening", m.opening_reading},
        {"closing", optional_int(m.closing_reading)},
        {"delta", optional_int(m.delta)},
        {"poured_ml", s ? nlohmann::json(s->poured_ml) : nullptr},
        {"sold_ml", s ? nlohmann::json(s->sold_ml) : nullptr},
        {"shrinkage_ml", s ? nlohmann::json(s->shrinkage_ml) : nullptr},
        {"shrinkage_basis_points", s ? optional_int(s->shrinkage_basis_points) : nullptr},
        {"flagged", s && s->flagged},
        {"went_backwards", m.went_backwards}});
  }
  return nlohmann::json{{"warn_percent", flow.warn_percent}, {"meters", std::move(meters)}};
}

}  // namespace

nlohmann::json bar_cycle_to_json(const service::BarCycleView& view) {
  const domain::BarCycleSummary& summary = view.summary;
  nlohmann::json products = nlohmann::json::array();
  for (const domain::ProductSales& product : summary.products) {
    products.push_back(nlohmann::json{{"product", product.product_id},
                                      {"name", product.product_name},
                                      {"quantity", product.quantity},
                                      {"revenue", money_to_json(product.revenue)}});
  }
  nlohmann::json deltas = nullptr;
  if (summary.flow_meter_deltas.has_value()) {
    deltas = nlohmann::json{{"flow_meter1", summary.flow_meter_deltas->meter1},
                            {"flow_meter2", summary.flow_meter_deltas->meter2}};
  }
  return nlohmann::json{
      {"id", view.cycle.id},
      {"open", view.cycle.is_open()},
      {"opening_report", report_to_json(view.opening)},
      {"closing_report", view.closing ? report_to_json(*view.closing) : nlohmann::json(nullptr)},
      {"from", format_iso8601(view.window_from_us)},
      {"to", format_iso8601(view.window_to_us)},
      {"sales", nlohmann::json{{"balance", money_to_json(summary.sales.balance)},
                               {"cash", money_to_json(summary.sales.cash)},
                               {"pin", money_to_json(summary.sales.pin)},
                               {"unknown", money_to_json(summary.sales.unknown)},
                               {"total", money_to_json(summary.sales_total)}}},
      {"top_ups", upgrades_json(summary.top_ups, summary.top_ups_total)},
      {"refunds", upgrades_json(summary.refunds, summary.refunds_total)},
      {"opening_cash", money_to_json(summary.opening_cash)},
      {"cash_moved_in", money_to_json(summary.cash_moved_in)},
      {"cash_moved_out", money_to_json(summary.cash_moved_out)},
      {"expected_cash", money_to_json(summary.expected_cash)},
      {"counted_cash", optional_money(summary.counted_cash)},
      {"cash_difference", optional_money(summary.cash_difference)},
      {"flow_meter_deltas", std::move(deltas)},
      {"flow_meters", flow_meters_json(view.flow_meters)},
      {"products", std::move(products)},
  };
}

}  // namespace mamon::http::api
