// The Mollie v2 payments API over HTTPS (DESIGN.md §8): the production MollieGateway.
// Base URL and API key come from MOLLIE_API_URL / MOLLIE_API_KEY, so tests point it at a fake.
// Thread-safe (immutable; each call is its own HTTP request).
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"
#include "service/mollie_gateway.h"

namespace mamon::integrations {

class MollieClient final : public service::MollieGateway {
 public:
  // `api_url` without trailing slash, e.g. "https://api.mollie.com/v2".
  MollieClient(std::string api_url, std::string api_key);

  Result<service::MolliePaymentState> create_payment(
      const service::MolliePaymentRequest& request) const override;
  Result<service::MolliePaymentState> get_payment(std::string_view mollie_id) const override;

 private:
  std::string api_url_;
  std::string api_key_;
};

// The JSON body of POST /payments: amount {currency EUR, value "12.50"}, description, redirectUrl,
// webhookUrl, metadata {identifier}.
std::string mollie_create_payment_body(const service::MolliePaymentRequest& request);

// A payment resource from Mollie (the answer of create or get). Reads id, status, amount
// {value, currency}, metadata.identifier (if metadata is an object), _links.checkout.href and
// expiresAt (both optional). Error kUnavailable naming what is missing or malformed: an answer we
// cannot read is Mollie being unavailable to us, never a reason to credit anything.
Result<service::MolliePaymentState> parse_mollie_payment(std::string_view json_text);

// Mollie's error document ({"status", "title", "detail"}) as one line, e.g.
// "Mollie refused the request (422 Unprocessable Entity): The amount is lower than the minimum."
std::string mollie_error_message(long http_status, std::string_view json_text);

}  // namespace mamon::integrations
