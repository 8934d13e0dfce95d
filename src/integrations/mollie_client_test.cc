#include "integrations/mollie_client.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace mamon::integrations {
namespace {

// Shaped like Mollie's documented example of a created payment.
constexpr std::string_view kCreated = R"({
  "resource": "payment", "id": "tr_7UhSN1zuXS", "mode": "test", "status": "open",
  "createdAt": "2026-11-24T09:13:37+00:00", "expiresAt": "2026-11-24T09:28:37+00:00",
  "amount": {"value": "12.50", "currency": "EUR"}, "description": "Mamon top-up #4",
  "metadata": {"identifier": "0f3c"}, "sequenceType": "oneoff",
  "redirectUrl": "https://bar.example/", "webhookUrl": "https://bar.example/mollie/webhook/",
  "_links": {"self": {"href": "https://api.mollie.com/v2/payments/tr_7UhSN1zuXS"},
             "checkout": {"href": "https://www.mollie.com/checkout/select-method/7UhSN1zuXS",
                          "type": "text/html"}}})";

TEST(MollieClient, ParsesAPaymentResource) {
  auto state = parse_mollie_payment(kCreated);
  ASSERT_TRUE(state.ok()) << state.error().message;
  EXPECT_EQ(state->report.mollie_id, "tr_7UhSN1zuXS");
  EXPECT_EQ(state->report.status, "open");
  EXPECT_EQ(state->report.amount, Cents(1250));
  EXPECT_EQ(state->report.currency, "EUR");
  EXPECT_EQ(state->report.identifier, "0f3c");
  EXPECT_EQ(state->checkout_url, "https://www.mollie.com/checkout/select-method/7UhSN1zuXS");
  ASSERT_TRUE(state->expires_at_us.has_value());
  EXPECT_EQ(*state->expires_at_us, *parse_iso8601("2026-11-24T09:28:37Z"));
}

TEST(MollieClient, APaidPaymentHasNoCheckoutAndMaybeNoMetadata) {
  auto state = parse_mollie_payment(
      R"({"id": "tr_1", "status": "paid", "amount": {"value": "5.00", "currency": "EUR"},
          "metadata": null, "_links": {}})");
  ASSERT_TRUE(state.ok()) << state.error().message;
  EXPECT_EQ(state->report.status, "paid");
  EXPECT_EQ(state->report.identifier, "");
  EXPECT_EQ(state->checkout_url, "");
  EXPECT_FALSE(state->expires_at_us.has_value());
}

TEST(MollieClient, UnreadableAnswersAreUnavailableNeverCredited) {
  for (
      std::string_view bad : {
          std::string_view("not json"),
          std::string_view("[]"),
          std::string_view(R"({"status": "paid", "amount": {"value": "5.00", "currency": "EUR"}})"),
          std::string_view(R"({"id": "tr_1", "amount": {"value": "5.00", "currency": "EUR"}})"),
          std::string_view(R"({"id": "tr_1", "status": "paid"})"),
          std::string_view(
              R"({"id": "tr_1", "status": "paid", "amount": {"value": 5, "currency": "EUR"}})"),
          std::string_view(
              R"({"id": "tr_1", "status": "paid", "amount": {"value": "5.001", "currency": "EUR"}})"),
          std::string_view(
              R"({"id": "tr_1", "status": "open", "amount": {"value": "5.00", "currency": "EUR"}, "expiresAt": "soon"})"),
      }) {
    auto state = parse_mollie_payment(bad);
    ASSERT_FALSE(state.ok()) << bad;
    EXPECT_EQ(state.error().code, ErrorCode::kUnavailable) << bad;
  }
}

TEST(MollieClient, CreateBodyCarriesAmountAsTwoDecimalsAndOurIdentifier) {
  service::MolliePaymentRequest request;
  request.amount = Cents(1000);
  request.description = "Mamon top-up #9";
  request.redirect_url = "https://bar.example/";
  request.webhook_url = "https://bar.example/mollie/webhook/";
  request.identifier = "abc";
  nlohmann::json body = nlohmann::json::parse(mollie_create_payment_body(request));
  EXPECT_EQ(body["amount"]["value"], "10.00");
  EXPECT_EQ(body["amount"]["currency"], "EUR");
  EXPECT_EQ(body["description"], "Mamon top-up #9");
  EXPECT_EQ(body["redirectUrl"], "https://bar.example/");
  EXPECT_EQ(body["webhookUrl"], "https://bar.example/mollie/webhook/");
  EXPECT_EQ(body["metadata"]["identifier"], "abc");
}

TEST(MollieClient, ErrorDocumentsBecomeOneLine) {
  EXPECT_EQ(mollie_error_message(422, R"({"status": 422, "title": "Unprocessable Entity",
      "detail": "The amount is lower than the minimum"})"),
            "Mollie refused the request (422 Unprocessable Entity): The amount is lower than the "
            "minimum");
  EXPECT_EQ(mollie_error_message(502, "<html>bad gateway</html>"),
            "Mollie refused the request (502)");
}

TEST(MollieClient, AnUnreachableMollieIsUnavailable) {
  // Port 1 on loopback: nothing listens there, the connection is refused at once.
  MollieClient client("http://127.0.0.1:1/v2", "test_key");
  auto state = client.get_payment("tr_1");
  ASSERT_FALSE(state.ok());
  EXPECT_EQ(state.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(state.error().message.find("127.0.0.1:1"), std::string::npos) << state.error().message;
  EXPECT_EQ(state.error().message.find("test_key"), std::string::npos);
}

}  // namespace
}  // namespace mamon::integrations
