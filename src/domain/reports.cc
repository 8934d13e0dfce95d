#include "domain/reports.h"

#include <cctype>
#include <string>

#include "base/limits.h"

namespace mamon::domain {
namespace {

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Error invalid_action(std::string_view text) {
  return make_error(
      ErrorCode::kInvalidReportAction,
      "Unknown report action '" + std::string(text.substr(0, 20)) + "'; use open, middle or close.",
      "action");
}

}  // namespace

Result<ReportAction> parse_report_action(std::string_view text) {
  if (text.size() > 16) return invalid_action(text);
  const std::string action = lower_ascii(text);
  if (action == "open" || action == "create") return ReportAction::kOpen;
  if (action == "middle") return ReportAction::kMiddle;
  if (action == "close" || action == "end") return ReportAction::kClose;
  return invalid_action(text);
}

std::string_view report_action_name(ReportAction action) {
  switch (action) {
    case ReportAction::kOpen:
      return "open";
    case ReportAction::kMiddle:
      return "middle";
    case ReportAction::kClose:
      return "close";
    case ReportAction::kOther:
      return "other";
  }
  return "other";
}

Result<ReportAction> report_action_from_name(std::string_view name) {
  for (ReportAction a :
       {ReportAction::kOpen, ReportAction::kMiddle, ReportAction::kClose, ReportAction::kOther}) {
    if (report_action_name(a) == name) return a;
  }
  return invalid_action(name);
}

Status validate_report_input(const ReportInput& input) {
  if (input.action == ReportAction::kOther) return invalid_action("other");
  if (input.total_cash < Cents::zero() || input.total_cash.value() > limits::kMoneyAbsMaxCents) {
    return make_error(ErrorCode::kInvalidAmount,
                      "The cash count must be between 0.00 and the money limit.", "total_cash");
  }
  if (input.flow_meter1 < 0 || input.flow_meter1 > limits::kFlowMeterMax) {
    return make_error(ErrorCode::kInvalidInput, "flow_meter1 is out of range.", "flow_meter1");
  }
  if (input.flow_meter2 < 0 || input.flow_meter2 > limits::kFlowMeterMax) {
    return make_error(ErrorCode::kInvalidInput, "flow_meter2 is out of range.", "flow_meter2");
  }
  if (input.comment.size() > limits::kCommentLengthMax) {
    return make_error(ErrorCode::kInvalidInput, "The comment is too long.", "comment");
  }
  return ok_status();
}

}  // namespace mamon::domain
