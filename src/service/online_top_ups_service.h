// Online top-ups through Mollie (API.md "Online top-up", DESIGN.md §8): a holder starts a payment
// for their own wallet, pays at Mollie's checkout, and Mollie's webhook makes us credit the wallet
// — exactly once, whatever the number, order or concurrency of webhook calls (INV-5).
//
// No database transaction is ever held across a call to Mollie: starting a payment is
// (1) insert the row "created" and commit, (2) ask Mollie, (3) store Mollie's answer; a webhook is
// (1) ask Mollie, (2) apply the answer in one transaction. The identifier we send as metadata ties
// a Mollie payment to our row even if step (3) of starting never happened.
//
// Thread-safe: every call takes its own pooled connection; the gateway is thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/money.h"
#include "base/result.h"
#include "domain/online_top_ups.h"
#include "domain/permissions.h"
#include "service/mollie_gateway.h"
#include "service/pages.h"
#include "storage/database.h"

namespace mamon::service {

struct OnlineTopUpSettings {
  std::string webhook_url;  // PUBLIC_URL + "/mollie/webhook/"
  // PUBLIC_URL + "/topup/return/": Mollie sends the member back to this prefix + the payment's
  // identifier + "/" (WEB.md §2b `/topup/return/{id}/`), see return_from_online_top_up.
  std::string return_url_prefix;
};

// The settings for a server reachable at `public_url` (Config::public_url; trailing slashes
// ignored). The API's POST /api/wallet/opwarderen/ and the website's /topup/ both use it.
OnlineTopUpSettings online_top_up_settings(std::string_view public_url);

// Where Mollie sends the member back after paying for `payment`.
std::string online_top_up_return_url(const OnlineTopUpSettings& settings,
                                     const domain::MolliePayment& payment);

struct OnlineTopUpRequest {
  Cents amount;
  // A retry with the same key and amount returns the payment of the first request (as stored
  // now) without creating another one at Mollie: a double tap pays once.
  std::optional<std::string> idempotency_key;
};

// Starts a top-up of the caller's own wallet. Checks, in order: the caller has a holder
// (kPermissionDenied); the idempotency key's shape (kInvalidInput); the amount
// (domain::validate_online_top_up_amount, kInvalidAmount); a reused key with another amount
// (kIdempotencyKeyReused); the holder is not a system holder (kPermissionDenied). Then the steps
// above. When Mollie fails, the row is kept with status "error" and Mollie's error is returned
// (kUnavailable). Returns the payment with its checkout URL.
Result<domain::MolliePayment> start_online_top_up(storage::Database& db, const Clock& clock,
                                                  const MollieGateway& mollie,
                                                  const domain::Caller& caller,
                                                  const OnlineTopUpRequest& request,
                                                  const OnlineTopUpSettings& settings);

// The caller's own online top-ups, newest first (an empty page without a holder). Error
// kInvalidInput for a bad page request.
Result<Page<domain::MolliePayment>> list_online_top_ups(storage::Database& db,
                                                        const domain::Caller& caller,
                                                        const PageRequest& page);

enum class WebhookOutcome {
  kCredited,         // this call credited the wallet
  kAlreadyCredited,  // an earlier (or concurrent) call did
  kStatusUpdated,    // a non-paid status was stored
  kUnchanged,        // nothing new
  kIgnored,          // neither we nor Mollie know the payment (a forged or stray call)
};
std::string_view webhook_outcome_name(WebhookOutcome outcome);

// Mollie's webhook for payment `mollie_id` (the body is never trusted: the payment is re-fetched).
// An id we do not know is kIgnored without asking Mollie, unless a top-up of the last day has no
// Mollie id yet (then Mollie is asked, and the identifier in the payment's metadata finds it).
// Errors: kInvalidInput for an id of the wrong shape (field "id"); kUnavailable when Mollie
// cannot be asked (Mollie retries the webhook later); kConflict when Mollie's payment does not
// match ours (another amount, currency or identifier): nothing is credited, the row is untouched.
// Crediting writes, in one transaction: the payment marked paid (the first write; it decides who
// credits), a wallet upgrade with method 'mollie' and the transfer mollie_clearing → wallet.
Result<WebhookOutcome> handle_mollie_webhook(storage::Database& db, const Clock& clock,
                                             const MollieGateway& mollie,
                                             std::string_view mollie_id);

// The member's return from Mollie's checkout (/topup/return/{identifier}/): the caller's own
// payment named by our random identifier, as stored; while it is still open at Mollie (status
// open / pending / authorized, with a Mollie id) Mollie is asked once, and the answer goes through
// handle_mollie_webhook's exactly-once path (a server behind NAT never gets the webhook), so a
// webhook before, after or during this call credits nothing twice. When Mollie cannot be asked or
// answers with a mismatching payment, the stored state is returned unchanged (the webhook, or the
// next visit, settles it). Errors: kNotFound for an identifier that is unknown or somebody else's
// (or a caller without a holder), so identifiers cannot be probed.
struct OnlineTopUpReturn {
  domain::MolliePayment payment;  // as stored after the call
  bool asked_mollie = false;      // whether Mollie was asked (and answered)
  bool credited_now = false;      // whether this call credited the wallet
};
Result<OnlineTopUpReturn> return_from_online_top_up(storage::Database& db, const Clock& clock,
                                                    const MollieGateway& mollie,
                                                    const domain::Caller& caller,
                                                    std::string_view identifier);

}  // namespace mamon::service
