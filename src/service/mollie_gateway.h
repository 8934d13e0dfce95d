// The port to Mollie's payments API (DESIGN.md §8), as the online top-up use cases need it. The
// real client is integrations/mollie_client.h (libcurl); tests use fakes. Implementations must be
// thread-safe: the server calls them from several workers at once.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/money.h"
#include "base/result.h"
#include "domain/online_top_ups.h"

namespace mamon::service {

struct MolliePaymentRequest {
  Cents amount;              // EUR
  std::string description;   // shown to the member at checkout and on the bank statement
  std::string redirect_url;  // where Mollie sends the member after paying
  std::string webhook_url;   // where Mollie reports status changes (POST id=tr_...)
  std::string identifier;    // ours; sent as metadata {"identifier": ...}
};

// A payment as Mollie describes it.
struct MolliePaymentState {
  domain::MollieReport report;  // id, status, amount, currency, metadata identifier
  std::string checkout_url;     // empty once the payment is no longer payable
  std::optional<TimestampUs> expires_at_us;
};

class MollieGateway {
 public:
  virtual ~MollieGateway() = default;

  // POST /payments. Error kUnavailable when Mollie cannot be reached, answers 5xx, or refuses
  // the request (the message carries Mollie's reason, never the API key).
  virtual Result<MolliePaymentState> create_payment(const MolliePaymentRequest& request) const = 0;

  // GET /payments/{id}. Error kNotFound when Mollie does not know the id; kUnavailable as above.
  virtual Result<MolliePaymentState> get_payment(std::string_view mollie_id) const = 0;
};

}  // namespace mamon::service
