#include "service/online_top_ups_service.h"

#include <nlohmann/json.hpp>
#include <optional>

#include "base/check.h"
#include "base/limits.h"
#include "domain/ledger.h"
#include "domain/wallet_upgrades.h"
#include "service/idempotency.h"
#include "service/ledger_posting.h"
#include "service/tokens.h"
#include "service/transactions.h"
#include "storage/audit_repo.h"
#include "storage/holders_repo.h"
#include "storage/ledger_repo.h"
#include "storage/mollie_payments_repo.h"
#include "storage/users_repo.h"
#include "storage/wallet_upgrades_repo.h"

namespace mamon::service {
namespace {

Error no_wallet() {
  return make_error(ErrorCode::kPermissionDenied, "Only members with a wallet can top up online.");
}

constexpr std::string_view kResultKindOnlineTopUp = "online_top_up";

struct Inserted {
  domain::MolliePayment payment;
  bool replayed = false;  // the idempotency key's first payment, not a new one
};

// The row of a new top-up, committed before Mollie is asked (with the idempotency key, if any).
Result<Inserted> insert_created(storage::Database& db, const Clock& clock,
                                const domain::Caller& caller, const OnlineTopUpRequest& request,
                                const std::string& request_hash) {
  return run_transaction(
      db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<Inserted> {
        if (request.idempotency_key) {
          MAMON_TRY(std::optional<std::int64_t> replay,
                    find_replay(tx, caller.user_id, *request.idempotency_key,
                                kResultKindOnlineTopUp, request_hash));
          if (replay) {
            MAMON_TRY(domain::MolliePayment first, storage::find_mollie_payment(tx, *replay));
            return Inserted{std::move(first), true};
          }
        }
        MAMON_TRY(domain::Holder holder, storage::find_holder(tx, *caller.holder_id));
        MAMON_TRY(domain::User user, storage::find_user(tx, holder.user_id));
        if (user.is_system) return no_wallet();
        storage::NewMolliePayment row;
        row.holder_id = holder.id;
        row.amount = request.amount;
        row.identifier = new_token_id();
        row.created_at_us = clock.now_us();
        MAMON_TRY(domain::MolliePayment payment, storage::insert_mollie_payment(tx, row));
        if (request.idempotency_key) {
          MAMON_RETURN_IF_ERROR(remember_result(tx, caller.user_id, *request.idempotency_key,
                                                request_hash, kResultKindOnlineTopUp, payment.id,
                                                row.created_at_us));
        }
        return Inserted{std::move(payment), false};
      });
}

// Mollie's answer to a create must describe the payment we asked for.
Status check_created_state(const domain::MolliePayment& ours, const MolliePaymentState& state) {
  const domain::MollieReport& r = state.report;
  if (!domain::is_mollie_payment_id(r.mollie_id) || !domain::is_known_mollie_status(r.status) ||
      r.amount != ours.amount || r.currency != "EUR" || state.checkout_url.empty()) {
    return make_error(ErrorCode::kUnavailable,
                      "Mollie answered with a payment that does not match the top-up.");
  }
  return ok_status();
}

Status mark_error(storage::Database& db, std::int64_t id) {
  return run_transaction(db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Status {
    MAMON_TRY(bool changed, storage::update_unpaid_mollie_status(tx, id, domain::kMollieStatusError,
                                                                 std::nullopt));
    (void)changed;
    return ok_status();
  });
}

// Crediting: the payment row first (it decides who credits), then the ledger, the upgrade and the
// transfer.
Result<WebhookOutcome> credit(storage::Transaction& tx, const domain::MolliePayment& payment,
                              const domain::MollieReport& report, TimestampUs now_us) {
  MAMON_TRY(bool won, storage::mark_mollie_payment_paid(tx, payment.id, report.mollie_id, now_us));
  if (!won) return WebhookOutcome::kAlreadyCredited;
  MAMON_TRY(storage::HolderWallet found, storage::find_holder_wallet(tx, payment.holder_id));
  const domain::Holder& holder = found.holder;
  const storage::Account& wallet = found.wallet;
  MAMON_TRY(domain::Movement movement,
            domain::movement_for_wallet_upgrade(domain::UpgradeMethod::kMollie, false));
  MAMON_TRY(MovementPlan plan, plan_movement(tx, movement, wallet));
  MAMON_TRY(std::optional<Cents> balance_after, apply_movement_entries(tx, plan, payment.amount));
  MAMON_CHECK(balance_after.has_value());
  storage::NewWalletUpgrade upgrade;
  upgrade.holder_id = holder.id;
  upgrade.amount = payment.amount;
  upgrade.method = domain::UpgradeMethod::kMollie;
  upgrade.comment = "Online top-up " + report.mollie_id;
  upgrade.mollie_payment_id = payment.id;
  upgrade.created_at_us = now_us;
  MAMON_TRY(domain::WalletUpgrade stored, storage::insert_wallet_upgrade(tx, upgrade));
  MAMON_RETURN_IF_ERROR(
      defer_movement_rest(tx, plan, payment.amount, std::nullopt, stored.id, now_us));
  // Audited as the system's (on Mollie's word, re-fetched), in the credit's transaction.
  MAMON_TRY(Cents balance_before, balance_after->minus(payment.amount));
  storage::NewAuditEntry entry;
  entry.action = "online_top_up";
  entry.object_type = "wallet_upgrade";
  entry.object_id = std::to_string(stored.id);
  entry.detail = nlohmann::json{{"holder_id", holder.id},
                                {"amount", payment.amount.to_string()},
                                {"mollie_id", report.mollie_id},
                                {"before", {{"balance", balance_before.to_string()}}},
                                {"after", {{"balance", balance_after->to_string()}}}}
                     .dump();
  entry.created_at_us = now_us;
  MAMON_RETURN_IF_ERROR(storage::insert_audit_entry(tx, entry));
  return WebhookOutcome::kCredited;
}

// Applies Mollie's report to our payment `payment_id`, in one write transaction.
Result<WebhookOutcome> apply_report(storage::Transaction& tx, const Clock& clock,
                                    std::int64_t payment_id, const domain::MollieReport& report) {
  MAMON_TRY(domain::MolliePayment payment, storage::find_mollie_payment(tx, payment_id));
  MAMON_TRY(domain::WebhookDecision decision, domain::decide_webhook(payment, report));
  switch (decision) {
    case domain::WebhookDecision::kAlreadyCredited:
      return WebhookOutcome::kAlreadyCredited;
    case domain::WebhookDecision::kCredit:
      return credit(tx, payment, report, clock.now_us());
    case domain::WebhookDecision::kUnchanged:
    case domain::WebhookDecision::kUpdateStatus: {
      MAMON_TRY(bool changed, storage::update_unpaid_mollie_status(tx, payment.id, report.status,
                                                                   report.mollie_id));
      (void)changed;
      return decision == domain::WebhookDecision::kUnchanged ? WebhookOutcome::kUnchanged
                                                             : WebhookOutcome::kStatusUpdated;
    }
  }
  return make_error(ErrorCode::kInternal, "unhandled webhook decision");
}

// Our row for a Mollie payment: by its Mollie id, else by the identifier in its metadata (the
// start of the top-up did not get to store the Mollie id).
Result<std::optional<std::int64_t>> find_our_payment(storage::Database& db,
                                                     const domain::MollieReport& report) {
  return run_transaction(
      db, storage::TxMode::kRead,
      [&](storage::Transaction& tx) -> Result<std::optional<std::int64_t>> {
        MAMON_TRY(std::optional<domain::MolliePayment> by_id,
                  storage::find_mollie_payment_by_mollie_id(tx, report.mollie_id));
        if (by_id) return std::optional<std::int64_t>(by_id->id);
        if (report.identifier.empty()) return std::optional<std::int64_t>();
        MAMON_TRY(std::optional<domain::MolliePayment> by_identifier,
                  storage::find_mollie_payment_by_identifier(tx, report.identifier));
        if (by_identifier) return std::optional<std::int64_t>(by_identifier->id);
        return std::optional<std::int64_t>();
      });
}

// A known Mollie id, or an unknown one while a recent top-up lacks its Mollie id: only then is
// Mollie asked (limits::kMollieUnmatchedLookupWindowUs).
Result<bool> worth_asking_mollie(storage::Database& db, const Clock& clock,
                                 std::string_view mollie_id) {
  return run_transaction(db, storage::TxMode::kRead, [&](storage::Transaction& tx) -> Result<bool> {
    MAMON_TRY(std::optional<domain::MolliePayment> known,
              storage::find_mollie_payment_by_mollie_id(tx, mollie_id));
    if (known) return true;
    return storage::any_mollie_payment_without_id_since(
        tx, clock.now_us() - limits::kMollieUnmatchedLookupWindowUs);
  });
}

// Statuses at which the payment may still change at Mollie: worth asking on the member's return.
bool still_open_at_mollie(const domain::MolliePayment& payment) {
  return payment.mollie_id && (payment.status == "open" || payment.status == "pending" ||
                               payment.status == "authorized");
}

Error top_up_not_found() {
  return make_error(ErrorCode::kNotFound, "This online top-up does not exist.");
}

// The caller's own payment with this identifier: kNotFound otherwise.
Result<domain::MolliePayment> own_payment(storage::Database& db, const domain::Caller& caller,
                                          std::string_view identifier) {
  return run_transaction(db, storage::TxMode::kRead,
                         [&](storage::Transaction& tx) -> Result<domain::MolliePayment> {
                           MAMON_TRY(std::optional<domain::MolliePayment> payment,
                                     storage::find_mollie_payment_by_identifier(tx, identifier));
                           if (!payment || payment->holder_id != *caller.holder_id)
                             return top_up_not_found();
                           return std::move(*payment);
                         });
}

}  // namespace

OnlineTopUpSettings online_top_up_settings(std::string_view public_url) {
  while (!public_url.empty() && public_url.back() == '/') public_url.remove_suffix(1);
  const std::string base(public_url);
  return {base + "/mollie/webhook/", base + "/topup/return/"};
}

std::string online_top_up_return_url(const OnlineTopUpSettings& settings,
                                     const domain::MolliePayment& payment) {
  return settings.return_url_prefix + payment.identifier + "/";
}

Result<OnlineTopUpReturn> return_from_online_top_up(storage::Database& db, const Clock& clock,
                                                    const MollieGateway& mollie,
                                                    const domain::Caller& caller,
                                                    std::string_view identifier) {
  // Identifiers are ours (tokens.h new_token_id: 32 hex characters); anything longer is junk.
  if (!caller.holder_id || identifier.empty() || identifier.size() > 64) {
    return top_up_not_found();
  }
  MAMON_TRY(domain::MolliePayment payment, own_payment(db, caller, identifier));
  OnlineTopUpReturn out;
  if (still_open_at_mollie(payment)) {
    Result<WebhookOutcome> outcome = handle_mollie_webhook(db, clock, mollie, *payment.mollie_id);
    if (outcome.ok()) {
      out.asked_mollie = true;
      out.credited_now = *outcome == WebhookOutcome::kCredited;
      MAMON_TRY(payment, own_payment(db, caller, identifier));
    }
    // Mollie unavailable or mismatching: nothing was written; show what we know.
  }
  out.payment = std::move(payment);
  return out;
}

std::string_view webhook_outcome_name(WebhookOutcome outcome) {
  switch (outcome) {
    case WebhookOutcome::kCredited:
      return "credited";
    case WebhookOutcome::kAlreadyCredited:
      return "already_credited";
    case WebhookOutcome::kStatusUpdated:
      return "status_updated";
    case WebhookOutcome::kUnchanged:
      return "unchanged";
    case WebhookOutcome::kIgnored:
      return "ignored";
  }
  return "ignored";
}

Result<domain::MolliePayment> start_online_top_up(storage::Database& db, const Clock& clock,
                                                  const MollieGateway& mollie,
                                                  const domain::Caller& caller,
                                                  const OnlineTopUpRequest& top_up,
                                                  const OnlineTopUpSettings& settings) {
  if (!caller.holder_id) return no_wallet();
  MAMON_RETURN_IF_ERROR(validate_idempotency_key(top_up.idempotency_key));
  MAMON_RETURN_IF_ERROR(domain::validate_online_top_up_amount(top_up.amount));
  const Cents amount = top_up.amount;
  std::string request_hash;
  if (top_up.idempotency_key) {
    request_hash = sha256_hex(
        CanonicalRequest(kResultKindOnlineTopUp).add("amount_cents", amount.value()).text());
  }
  MAMON_TRY(Inserted inserted, insert_created(db, clock, caller, top_up, request_hash));
  if (inserted.replayed) {
    if (inserted.payment.status == domain::kMollieStatusError) {
      return make_error(ErrorCode::kUnavailable,
                        "The payment provider did not accept this top-up; start a new one.");
    }
    return std::move(inserted.payment);
  }
  const domain::MolliePayment& payment = inserted.payment;

  MolliePaymentRequest request;
  request.amount = amount;
  request.description = "Mamon top-up #" + std::to_string(payment.id);
  request.redirect_url = online_top_up_return_url(settings, payment);
  request.webhook_url = settings.webhook_url;
  request.identifier = payment.identifier;
  Result<MolliePaymentState> state = mollie.create_payment(request);
  Status accepted = state.ok() ? check_created_state(payment, *state) : Status(state.error());
  if (!accepted.ok()) {
    // If even this write fails the row stays "created": harmless, and a late webhook for a
    // payment Mollie did create still finds it by its identifier.
    (void)mark_error(db, payment.id);
    return make_error(ErrorCode::kUnavailable,
                      "The payment provider is not available; try again later. (" +
                          accepted.error().message + ")");
  }

  storage::MollieAcceptance acceptance;
  acceptance.mollie_id = state->report.mollie_id;
  acceptance.status = state->report.status;
  acceptance.checkout_url = state->checkout_url;
  acceptance.expires_at_us = state->expires_at_us;
  return run_transaction(db, storage::TxMode::kWrite,
                         [&](storage::Transaction& tx) -> Result<domain::MolliePayment> {
                           Result<domain::MolliePayment> stored =
                               storage::record_mollie_acceptance(tx, payment.id, acceptance);
                           // Not found: a webhook (finding the row by its identifier) credited it
                           // meanwhile; a paid row never changes, so answer with it as it is.
                           if (!stored.ok() && stored.error().code == ErrorCode::kNotFound) {
                             return storage::find_mollie_payment(tx, payment.id);
                           }
                           return stored;
                         });
}

Result<Page<domain::MolliePayment>> list_online_top_ups(storage::Database& db,
                                                        const domain::Caller& caller,
                                                        const PageRequest& page) {
  MAMON_RETURN_IF_ERROR(validate_page_request(page));
  if (!caller.holder_id) return Page<domain::MolliePayment>{};
  const std::int64_t holder_id = *caller.holder_id;
  return run_transaction(
      db, storage::TxMode::kRead,
      [&](storage::Transaction& tx) -> Result<Page<domain::MolliePayment>> {
        Page<domain::MolliePayment> out;
        MAMON_TRY(out.total, storage::count_mollie_payments(tx, holder_id));
        MAMON_TRY(out.items,
                  storage::list_mollie_payments(tx, holder_id, page.page_size, page_offset(page)));
        return out;
      });
}

Result<WebhookOutcome> handle_mollie_webhook(storage::Database& db, const Clock& clock,
                                             const MollieGateway& mollie,
                                             std::string_view mollie_id) {
  if (!domain::is_mollie_payment_id(mollie_id)) {
    return make_error(ErrorCode::kInvalidInput, "id must be a Mollie payment id (tr_...).", "id");
  }
  MAMON_TRY(bool worth_asking, worth_asking_mollie(db, clock, mollie_id));
  if (!worth_asking) return WebhookOutcome::kIgnored;
  Result<MolliePaymentState> state = mollie.get_payment(mollie_id);
  if (!state.ok()) {
    if (state.error().code == ErrorCode::kNotFound) return WebhookOutcome::kIgnored;
    return state.error();
  }
  const domain::MollieReport& report = state->report;
  if (report.mollie_id != mollie_id) {
    return make_error(ErrorCode::kConflict,
                      "Mollie answered for another payment than " + std::string(mollie_id) + ".");
  }
  MAMON_TRY(std::optional<std::int64_t> payment_id, find_our_payment(db, report));
  if (!payment_id) return WebhookOutcome::kIgnored;
  return run_transaction(db, storage::TxMode::kWrite, [&](storage::Transaction& tx) {
    return apply_report(tx, clock, *payment_id, report);
  });
}

}  // namespace mamon::service
