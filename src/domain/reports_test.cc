#include "domain/reports.h"

#include <gtest/gtest.h>

#include "base/limits.h"

namespace mamon::domain {
namespace {

TEST(ParseReportAction, NamesAndAliasesCaseInsensitive) {
  EXPECT_EQ(*parse_report_action("open"), ReportAction::kOpen);
  EXPECT_EQ(*parse_report_action("OPEN"), ReportAction::kOpen);
  EXPECT_EQ(*parse_report_action("Create"), ReportAction::kOpen);
  EXPECT_EQ(*parse_report_action("middle"), ReportAction::kMiddle);
  EXPECT_EQ(*parse_report_action("MiDdLe"), ReportAction::kMiddle);
  EXPECT_EQ(*parse_report_action("close"), ReportAction::kClose);
  EXPECT_EQ(*parse_report_action("END"), ReportAction::kClose);
}

TEST(ParseReportAction, AnythingElseIsInvalid) {
  for (const char* bad :
       {"", "other", "up", "opened", " open", "close ", "mid", "a-very-long-action-name-indeed"}) {
    auto r = parse_report_action(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidReportAction);
    EXPECT_EQ(r.error().field, "action");
  }
}

TEST(ReportActionNames, RoundTrip) {
  for (ReportAction a :
       {ReportAction::kOpen, ReportAction::kMiddle, ReportAction::kClose, ReportAction::kOther}) {
    EXPECT_EQ(*report_action_from_name(report_action_name(a)), a);
  }
  EXPECT_FALSE(report_action_from_name("Open").ok());
}

ReportInput valid_input() {
  ReportInput input;
  input.action = ReportAction::kOpen;
  input.total_cash = Cents(10000);
  input.flow_meter1 = 12;
  input.flow_meter2 = 34;
  input.comment = "all fine";
  return input;
}

TEST(ValidateReportInput, AcceptsBounds) {
  ReportInput input = valid_input();
  EXPECT_TRUE(validate_report_input(input).ok());
  input.total_cash = Cents(0);
  input.flow_meter1 = 0;
  input.flow_meter2 = limits::kFlowMeterMax;
  input.comment = std::string(limits::kCommentLengthMax, 'x');
  EXPECT_TRUE(validate_report_input(input).ok());
}

TEST(ValidateReportInput, RejectsEachBadField) {
  ReportInput negative_cash = valid_input();
  negative_cash.total_cash = Cents(-1);
  EXPECT_EQ(validate_report_input(negative_cash).error().code, ErrorCode::kInvalidAmount);
  EXPECT_EQ(validate_report_input(negative_cash).error().field, "total_cash");

  ReportInput huge_cash = valid_input();
  huge_cash.total_cash = Cents(limits::kMoneyAbsMaxCents + 1);
  EXPECT_EQ(validate_report_input(huge_cash).error().code, ErrorCode::kInvalidAmount);

  ReportInput meter1 = valid_input();
  meter1.flow_meter1 = -1;
  EXPECT_EQ(validate_report_input(meter1).error().field, "flow_meter1");

  ReportInput meter2 = valid_input();
  meter2.flow_meter2 = limits::kFlowMeterMax + 1;
  EXPECT_EQ(validate_report_input(meter2).error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(validate_report_input(meter2).error().field, "flow_meter2");

  ReportInput comment = valid_input();
  comment.comment = std::string(limits::kCommentLengthMax + 1, 'x');
  EXPECT_EQ(validate_report_input(comment).error().field, "comment");

  ReportInput other = valid_input();
  other.action = ReportAction::kOther;
  EXPECT_EQ(validate_report_input(other).error().code, ErrorCode::kInvalidReportAction);
}

}  // namespace
}  // namespace mamon::domain
