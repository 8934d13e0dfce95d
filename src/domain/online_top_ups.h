// Online top-ups (DESIGN.md §1 MolliePayment, §8 Mollie): a holder pays into their own wallet
// through Mollie; the payment is credited exactly once, when Mollie reports it paid. Pure rules:
// the payment record, its statuses and what a status report from Mollie means for it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/money.h"
#include "base/result.h"

namespace mamon::domain {

// Our side of the lifecycle. "created": the row exists, Mollie has not (yet) accepted the payment;
// "error": Mollie refused or could not be reached when creating it. Every other value is Mollie's
// own payment status (open, pending, authorized, paid, canceled, expired, failed), copied as
// reported. "paid" is final: once credited, later reports never change the row.
inline constexpr std::string_view kMollieStatusCreated = "created";
inline constexpr std::string_view kMollieStatusError = "error";
inline constexpr std::string_view kMollieStatusPaid = "paid";

struct MolliePayment {
  std::int64_t id = 0;
  std::int64_t holder_id = 0;
  Cents amount;
  std::optional<std::string> mollie_id;  // "tr_..." once Mollie accepted the payment
  std::string identifier;                // ours, sent to Mollie as metadata
  std::string status;
  std::string checkout_url;  // where the member pays; empty until Mollie accepted it
  std::string comment;
  TimestampUs created_at_us = 0;
  std::optional<TimestampUs> paid_at_us;
  std::optional<TimestampUs> expires_at_us;
};

// limits::kOnlineTopUpMinCents <= amount <= limits::kOnlineTopUpMaxCents, else kInvalidAmount
// (field "amount") with the bounds in the message.
Status validate_online_top_up_amount(Cents amount);

// "tr_" followed by 1+ ASCII letters/digits, at most limits::kMolliePaymentIdLengthMax in all.
bool is_mollie_payment_id(std::string_view id);

// Mollie's statuses and ours (see above); anything else in a report is refused.
bool is_known_mollie_status(std::string_view status);

// What Mollie says about a payment when asked (never what a webhook body claims).
struct MollieReport {
  std::string mollie_id;
  std::string status;
  Cents amount;
  std::string currency;    // "EUR"
  std::string identifier;  // metadata.identifier as we sent it; empty if absent
};

enum class WebhookDecision {
  kAlreadyCredited,  // our row is paid: nothing to do (a repeated webhook)
  kCredit,           // mark paid, credit the wallet once
  kUpdateStatus,     // copy the (non-paid) status
  kUnchanged,        // same status as stored
};

// Decides what a report means for our stored payment. Error kConflict when the report does not
// describe the payment we created (another amount, currency or identifier, another Mollie id)
// or carries an unknown status: such a payment is never credited automatically.
Result<WebhookDecision> decide_webhook(const MolliePayment& stored, const MollieReport& report);

}  // namespace mamon::domain
