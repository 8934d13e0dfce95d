#include "service/flow_meters_service.h"

#include <atomic>
#include <charconv>
#include <map>
#include <nlohmann/json.hpp>
#include <string_view>
#include <utility>

#include "base/check.h"
#include "base/text.h"
#include "domain/stock.h"
#include "service/audit_trail.h"
#include "service/stock_service.h"
#include "service/transactions.h"
#include "storage/flow_meters_repo.h"
#include "storage/stock_repo.h"

namespace mamon::service {
namespace {

std::atomic<std::int64_t> warn_percent{kFlowShrinkageWarnPercentDefault};

Error invalid(std::string field, std::string message) {
  return make_error(ErrorCode::kInvalidInput, std::move(message), std::move(field));
}

// A whole number as typed (after trimming); none for anything else.
std::optional<std::int64_t> whole_number(std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

FlowMeterSetting setting_of(const storage::FlowMeterSettingRow& row) {
  return {row.stock_item_id, row.stock_item_name, row.readings_per_litre, row.updated_at_us};
}

// Meter number -> its setting, for the configured ones.
Result<std::map<std::int64_t, FlowMeterSetting>> settings_by_meter(storage::Transaction& tx) {
  MAMON_TRY(std::vector<storage::FlowMeterSettingRow> rows, storage::list_flow_meter_settings(tx));
  std::map<std::int64_t, FlowMeterSetting> out;
  for (const storage::FlowMeterSettingRow& row : rows) out.emplace(row.meter, setting_of(row));
  return out;
}

nlohmann::json setting_json(const std::optional<FlowMeterSetting>& setting) {
  if (!setting) return nullptr;
  return {{"stock_item", setting->stock_item_id},
          {"stock_item_name", setting->stock_item_name},
          {"readings_per_litre", setting->readings_per_litre}};
}

// The form, checked against the database (see the header); none: not configured.
Result<std::optional<FlowMeterSetting>> check_input(storage::Transaction& tx,
                                                    const FlowMeterInput& input) {
  const std::string id_text = trimmed(input.stock_item_id);
  if (id_text.empty()) return std::optional<FlowMeterSetting>();
  std::optional<std::int64_t> id = whole_number(id_text);
  constexpr std::string_view kChooseLiters = "Choose a stock item kept in liters.";
  if (!id) return invalid("stock_item_id", std::string(kChooseLiters));
  Result<domain::StockItem> item = storage::find_stock_item(tx, *id);
  if (!item.ok() && item.error().code == ErrorCode::kNotFound) {
    return invalid("stock_item_id", std::string(kChooseLiters));
  }
  if (!item.ok()) return std::move(item).error();
  if (item->unit != domain::StockUnit::kLiters) {
    return invalid("stock_item_id", std::string(kChooseLiters));
  }
  std::optional<std::int64_t> scale = whole_number(trimmed(input.readings_per_litre));
  if (!scale || *scale < 1 || *scale > domain::kReadingsPerLitreMax) {
    return invalid("readings_per_litre", "Give the readings per litre: a whole number from 1 to " +
                                             std::to_string(domain::kReadingsPerLitreMax) + ".");
  }
  return std::optional<FlowMeterSetting>(FlowMeterSetting{item->id, item->name, *scale, 0});
}

bool same_setting(const std::optional<FlowMeterSetting>& a,
                  const std::optional<FlowMeterSetting>& b) {
  if (!a || !b) return a.has_value() == b.has_value();
  return a->stock_item_id == b->stock_item_id && a->readings_per_litre == b->readings_per_litre;
}

std::int64_t reading_of(const domain::Report& report, std::int64_t meter) {
  return meter == 1 ? report.flow_meter1 : report.flow_meter2;
}

}  // namespace

void set_flow_shrinkage_warn_percent(std::int64_t percent) {
  MAMON_CHECK_MSG(percent >= 0 && percent <= 100, "FLOW_SHRINKAGE_WARN_PERCENT is 0..100");
  warn_percent.store(percent);
}

std::int64_t flow_shrinkage_warn_percent() {
  return warn_percent.load();
}

Result<std::vector<FlowMeter>> list_flow_meters(storage::Database& db,
                                                const domain::Caller& caller) {
  MAMON_RETURN_IF_ERROR(may_manage_stock(caller));
  return run_transaction(
      db, storage::TxMode::kRead, [&](storage::Transaction& tx) -> Result<std::vector<FlowMeter>> {
        MAMON_TRY(auto settings, settings_by_meter(tx));
        std::vector<FlowMeter> out;
        for (std::int64_t meter = 1; meter <= kFlowMeterCount; ++meter) {
          auto it = settings.find(meter);
          out.push_back({meter, it == settings.end()
                                    ? std::nullopt
                                    : std::optional<FlowMeterSetting>(it->second)});
        }
        return out;
      });
}

Status set_flow_meter(storage::Database& db, const Clock& clock, const domain::Caller& caller,
                      std::int64_t meter, const FlowMeterInput& input) {
  MAMON_RETURN_IF_ERROR(may_manage_stock(caller));
  if (meter < 1 || meter > kFlowMeterCount) {
    return make_error(ErrorCode::kNotFound, "There are flow meters 1 and 2 only.");
  }
  return run_transaction(db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Status {
    MAMON_TRY(std::optional<FlowMeterSetting> after, check_input(tx, input));
    MAMON_TRY(auto settings, settings_by_meter(tx));
    auto it = settings.find(meter);
    const std::optional<FlowMeterSetting> before =
        it == settings.end() ? std::nullopt : std::optional<FlowMeterSetting>(it->second);
    if (same_setting(before, after)) return ok_status();
    // ---- Writes from here. ----
    if (after) {
      MAMON_RETURN_IF_ERROR(storage::save_flow_meter_setting(
          tx, {meter, after->stock_item_id, after->readings_per_litre, clock.now_us(), ""}));
    } else {
      MAMON_RETURN_IF_ERROR(storage::delete_flow_meter_setting(tx, meter));
    }
    return record_change(tx, caller, "set_flow_meter", "flow_meter", meter,
                         {{"before", setting_json(before)}, {"after", setting_json(after)}},
                         clock.now_us());
  });
}

Result<CycleFlowMeters> cycle_flow_meters(storage::Transaction& tx, const domain::Report& opening,
                                          const std::optional<domain::Report>& closing,
                                          TimestampUs from_us, TimestampUs to_us) {
  CycleFlowMeters out;
  out.warn_percent = flow_shrinkage_warn_percent();
  MAMON_TRY(auto settings, settings_by_meter(tx));
  std::map<std::int64_t, std::int64_t> drawn;
  if (closing && !settings.empty()) {
    MAMON_TRY(drawn, storage::stock_drawn_by_sales(tx, from_us, to_us));
  }
  for (std::int64_t meter = 1; meter <= kFlowMeterCount; ++meter) {
    CycleFlowMeter m;
    m.meter = meter;
    if (auto it = settings.find(meter); it != settings.end()) m.setting = it->second;
    m.opening_reading = reading_of(opening, meter);
    if (closing) {
      m.closing_reading = reading_of(*closing, meter);
      std::int64_t delta = 0;
      if (__builtin_sub_overflow(*m.closing_reading, m.opening_reading, &delta)) {
        return make_error(ErrorCode::kInvalidAmount, "flow meter delta overflow");
      }
      m.delta = delta;
    }
    if (closing && m.setting) {
      auto sold = drawn.find(m.setting->stock_item_id);
      const std::int64_t sold_ml = sold == drawn.end() ? 0 : sold->second;
      m.went_backwards = *m.delta < 0;
      if (!m.went_backwards) {
        MAMON_TRY(m.shrinkage,
                  domain::flow_shrinkage({m.opening_reading, *m.closing_reading},
                                         m.setting->readings_per_litre, sold_ml, out.warn_percent));
      }
    }
    out.meters.push_back(std::move(m));
  }
  return out;
}

}  // namespace mamon::service
