#include "domain/online_top_ups.h"

#include <gtest/gtest.h>

namespace mamon::domain {
namespace {

MolliePayment stored_payment() {
  MolliePayment p;
  p.id = 7;
  p.amount = Cents(1500);
  p.mollie_id = "tr_abc123";
  p.identifier = "7f6c";
  p.status = "open";
  return p;
}

MollieReport report_with(std::string status) {
  return MollieReport{"tr_abc123", std::move(status), Cents(1500), "EUR", "7f6c"};
}

TEST(OnlineTopUpAmount, AcceptsTheBoundsAndRefusesOutside) {
  EXPECT_TRUE(validate_online_top_up_amount(Cents(100)).ok());
  EXPECT_TRUE(validate_online_top_up_amount(Cents(50'000)).ok());
  for (std::int64_t cents : {-100, 0, 99, 50'001}) {
    Status s = validate_online_top_up_amount(Cents(cents));
    ASSERT_FALSE(s.ok()) << cents;
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidAmount);
    EXPECT_EQ(s.error().field, "amount");
    EXPECT_NE(s.error().message.find("1.00 and 500.00"), std::string::npos) << s.error().message;
  }
}

TEST(MolliePaymentId, AcceptsOnlyTheDocumentedShape) {
  EXPECT_TRUE(is_mollie_payment_id("tr_5B8cwPMGnU6qLbRvo7qEZo"));
  EXPECT_TRUE(is_mollie_payment_id("tr_1"));
  EXPECT_FALSE(is_mollie_payment_id(""));
  EXPECT_FALSE(is_mollie_payment_id("tr_"));
  EXPECT_FALSE(is_mollie_payment_id("re_5B8cwPMGnU"));
  EXPECT_FALSE(is_mollie_payment_id("tr_5B8c/../x"));
  EXPECT_FALSE(is_mollie_payment_id("tr_ab cd"));
  EXPECT_FALSE(is_mollie_payment_id("tr_" + std::string(62, 'a')));
  EXPECT_TRUE(is_mollie_payment_id("tr_" + std::string(61, 'a')));
}

TEST(DecideWebhook, PaidCreditsOnceThenNeverAgain) {
  MolliePayment p = stored_payment();
  EXPECT_EQ(*decide_webhook(p, report_with("paid")), WebhookDecision::kCredit);
  p.status = "paid";
  EXPECT_EQ(*decide_webhook(p, report_with("paid")), WebhookDecision::kAlreadyCredited);
  // Whatever Mollie says later (a refund or chargeback keeps status paid at Mollie anyway).
  EXPECT_EQ(*decide_webhook(p, report_with("expired")), WebhookDecision::kAlreadyCredited);
}

TEST(DecideWebhook, OtherStatusesAreCopied) {
  MolliePayment p = stored_payment();
  EXPECT_EQ(*decide_webhook(p, report_with("open")), WebhookDecision::kUnchanged);
  EXPECT_EQ(*decide_webhook(p, report_with("pending")), WebhookDecision::kUpdateStatus);
  EXPECT_EQ(*decide_webhook(p, report_with("canceled")), WebhookDecision::kUpdateStatus);
  EXPECT_EQ(*decide_webhook(p, report_with("expired")), WebhookDecision::kUpdateStatus);
  EXPECT_EQ(*decide_webhook(p, report_with("failed")), WebhookDecision::kUpdateStatus);
}

TEST(DecideWebhook, AReportForAnotherPaymentIsRefused) {
  MolliePayment p = stored_payment();
  MollieReport amount = report_with("paid");
  amount.amount = Cents(150'000);
  MollieReport currency = report_with("paid");
  currency.currency = "USD";
  MollieReport identifier = report_with("paid");
  identifier.identifier = "someone-else";
  MollieReport id = report_with("paid");
  id.mollie_id = "tr_other";
  MollieReport status = report_with("shipped");
  MollieReport ours = report_with(std::string(kMollieStatusCreated));
  for (const MollieReport& r : {amount, currency, identifier, id, status, ours}) {
    auto decision = decide_webhook(p, r);
    ASSERT_FALSE(decision.ok()) << r.status;
    EXPECT_EQ(decision.error().code, ErrorCode::kConflict);
  }
}

TEST(DecideWebhook, APaymentWhoseCreationWasNotRecordedCanStillBeCredited) {
  // Mollie accepted the payment but our second step (storing its id) never happened: the
  // identifier in the metadata ties the report to our row.
  MolliePayment p = stored_payment();
  p.mollie_id.reset();
  p.status = std::string(kMollieStatusCreated);
  EXPECT_EQ(*decide_webhook(p, report_with("paid")), WebhookDecision::kCredit);
}

}  // namespace
}  // namespace mamon::domain
