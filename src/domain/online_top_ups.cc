#include "domain/online_top_ups.h"

#include <array>

#include "base/limits.h"

namespace mamon::domain {
namespace {

constexpr std::array<std::string_view, 9> kKnownStatuses = {
    kMollieStatusCreated, kMollieStatusError, "open",    "pending", "authorized",
    kMollieStatusPaid,    "canceled",         "expired", "failed"};

bool is_ascii_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace

Status validate_online_top_up_amount(Cents amount) {
  const Cents min(limits::kOnlineTopUpMinCents);
  const Cents max(limits::kOnlineTopUpMaxCents);
  if (amount < min || amount > max) {
    return make_error(
        ErrorCode::kInvalidAmount,
        "An online top-up must be between " + min.to_string() + " and " + max.to_string() + ".",
        "amount");
  }
  return ok_status();
}

bool is_mollie_payment_id(std::string_view id) {
  constexpr std::string_view kPrefix = "tr_";
  if (id.size() <= kPrefix.size() || id.size() > limits::kMolliePaymentIdLengthMax) return false;
  if (!id.starts_with(kPrefix)) return false;
  for (char c : id.substr(kPrefix.size())) {
    if (!is_ascii_alnum(c)) return false;
  }
  return true;
}

bool is_known_mollie_status(std::string_view status) {
  for (std::string_view known : kKnownStatuses) {
    if (known == status) return true;
  }
  return false;
}

Result<WebhookDecision> decide_webhook(const MolliePayment& stored, const MollieReport& report) {
  if (stored.status == kMollieStatusPaid) return WebhookDecision::kAlreadyCredited;
  if (stored.mollie_id.has_value() && *stored.mollie_id != report.mollie_id) {
    return make_error(ErrorCode::kConflict, "Mollie reported another payment id for top-up " +
                                                std::to_string(stored.id) + ".");
  }
  if (report.identifier != stored.identifier) {
    return make_error(ErrorCode::kConflict, "Mollie payment " + report.mollie_id +
                                                " does not carry the identifier of "
                                                "top-up " +
                                                std::to_string(stored.id) + ".");
  }
  if (report.currency != "EUR" || report.amount != stored.amount) {
    return make_error(ErrorCode::kConflict, "Mollie payment " + report.mollie_id + " is for " +
                                                report.currency + " " + report.amount.to_string() +
                                                ", top-up " + std::to_string(stored.id) +
                                                " was for EUR " + stored.amount.to_string() + ".");
  }
  if (!is_known_mollie_status(report.status) || report.status == kMollieStatusCreated ||
      report.status == kMollieStatusError) {
    return make_error(ErrorCode::kConflict,
                      "Mollie reported an unknown status for payment " + report.mollie_id + ".");
  }
  if (report.status == kMollieStatusPaid) return WebhookDecision::kCredit;
  if (report.status == stored.status) return WebhookDecision::kUnchanged;
  return WebhookDecision::kUpdateStatus;
}

}  // namespace mamon::domain
