// The "Flow meters" section of /manage/stock/ (manage_stock_page.cc; issue 12): one form per
// meter, what it shows, and its field errors. View models only: every rule is the service's
// (service/flow_meters_service.h).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "base/result.h"
#include "domain/stock.h"
#include "http/web/page.h"
#include "service/flow_meters_service.h"

namespace mamon::http::web {

// A flow meter's form as posted, kept when it is shown again with its error.
struct PostedFlowMeter {
  std::int64_t meter = 0;
  service::FlowMeterInput input;
};

// The section's forms, meter 1 then 2: [{meter, title, action, choices[{value, label,
// selected}] (not configured, then the stock items kept in liters), stock_error, readings,
// readings_error, updated (false or the time of the last change)}]. `posted` (with `error`, or
// both null) shows that meter's form as typed with the error beside its field.
nlohmann::json flow_meters_view(const Page& page, const std::vector<domain::StockItem>& items,
                                const std::vector<service::FlowMeter>& meters,
                                const PostedFlowMeter* posted, const Error* error);

// Whether `error` belongs beside one of the form's fields (the list is shown again, 422).
bool is_flow_meter_field(const Error& error);

// The error summary above the page ({title, items[{text, href}]}) for a field error of `posted`.
nlohmann::json flow_meter_error_summary(const Page& page, const PostedFlowMeter& posted,
                                        const Error& error);

}  // namespace mamon::http::web
