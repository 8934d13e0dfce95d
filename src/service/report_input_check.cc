#include "service/report_input_check.h"

#include <utility>

namespace mamon::service {

Result<CheckedReportInput> check_report_input(std::string_view action,
                                              const std::optional<Cents>& total_cash,
                                              const std::optional<BreakdownInput>& breakdown,
                                              const std::optional<Cents>& pin_total,
                                              std::int64_t flow_meter1, std::int64_t flow_meter2,
                                              const std::string& comment) {
  CheckedReportInput out;
  MAMON_TRY(out.input.action, domain::parse_report_action(action));
  MAMON_TRY(out.counted, resolve_counted_cash(total_cash, breakdown));
  out.input.total_cash = out.counted.total;
  out.input.flow_meter1 = flow_meter1;
  out.input.flow_meter2 = flow_meter2;
  out.input.comment = comment;
  MAMON_RETURN_IF_ERROR(domain::validate_report_input(out.input));
  MAMON_RETURN_IF_ERROR(validate_pin_total(out.input.action, pin_total));
  return out;
}

}  // namespace mamon::service
