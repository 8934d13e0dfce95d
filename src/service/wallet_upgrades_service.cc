#include "service/wallet_upgrades_service.h"

#include <nlohmann/json.hpp>

#include "base/limits.h"
#include "domain/ledger.h"
#include "service/audit_trail.h"
#include "service/idempotency.h"
#include "service/ledger_posting.h"
#include "service/transactions.h"
#include "storage/audit_repo.h"
#include "storage/holders_repo.h"
#include "storage/ledger_repo.h"
#include "storage/users_repo.h"
#include "storage/wallet_upgrades_repo.h"

namespace mamon::service {
namespace {

constexpr std::string_view kResultKindWalletUpgrade = "wallet_upgrade";

std::string hash_upgrade_request(const WalletUpgradeRequest& r, domain::UpgradeMethod method) {
  CanonicalRequest canonical("wallet_upgrade");
  canonical.add("amount_cents", r.input.amount.value())
      .add("refund", std::int64_t{r.input.refund ? 1 : 0})
      .add("method", domain::upgrade_method_name(method))
      .add("comment", r.input.comment)
      .add("holder_id", r.holder_id)
      .add("ledenbase_id", r.ledenbase_id)
      .add("handled_by", r.handled_by_personnel_id);
  return sha256_hex(canonical.text());
}

Status check_permission(const domain::Caller& caller, const domain::WalletUpgradeInput& input) {
  if (input.refund) {
    if (!domain::can_refund(caller)) {
      return domain::permission_denied_error(
          domain::Permission::kRefund,
          "Only bar staff, the board or a superuser can pay out a refund.");
    }
    const Cents bound(limits::kRefundWithoutBoardMaxCents);
    if (input.amount > bound && !domain::can_refund_any_amount(caller)) {
      return domain::permission_denied_error(domain::Permission::kRefundAnyAmount,
                                             "Bar staff can refund at most " + bound.to_string() +
                                                 " at once; ask the board for a larger refund.");
    }
    return ok_status();
  }
  if (domain::can_top_up(caller)) return ok_status();
  // Without a personnel record (and not a superuser) the answer stays kNotPersonnel, as before
  // the named permissions; bar staff whose roles lack `top_up` are refused the permission.
  if (!domain::is_personnel(caller) && !caller.is_superuser) {
    return domain::not_personnel_error("Only active bar staff can top up a wallet.",
                                       domain::Permission::kTopUp);
  }
  return domain::permission_denied_error(domain::Permission::kTopUp, "You may not top up wallets.");
}

Result<domain::Holder> resolve_holder(storage::Transaction& tx, const WalletUpgradeRequest& r) {
  MAMON_TRY(domain::Holder holder, r.holder_id
                                       ? storage::find_holder(tx, *r.holder_id)
                                       : storage::find_holder_by_ledenbase_id(tx, *r.ledenbase_id));
  if (r.holder_id && r.ledenbase_id.value_or(0) != 0 && holder.ledenbase_id != r.ledenbase_id) {
    // The whole listed Holder object came back with an id and a ledenbase id that disagree: a
    // stale or tampered object must not top up the wrong wallet.
    return make_error(ErrorCode::kInvalidInput,
                      "holder.id and holder.ledenbase_id name different holders.",
                      "holder.ledenbase_id");
  }
  MAMON_TRY(domain::User user, storage::find_user(tx, holder.user_id));
  if (user.is_system) {
    // "Cash" and "Pin" stand for anonymous buyers; money on their wallets would be nobody's.
    return make_error(ErrorCode::kHolderNotFound, "This holder has no wallet.", "holder");
  }
  return holder;
}

Result<std::optional<std::int64_t>> resolve_handler(storage::Transaction& tx,
                                                    const domain::Caller& caller,
                                                    const WalletUpgradeRequest& r) {
  std::optional<std::int64_t> id =
      r.handled_by_personnel_id ? r.handled_by_personnel_id : caller.personnel_id;
  if (!id) return std::optional<std::int64_t>();
  Result<domain::Personnel> personnel = storage::find_personnel(tx, *id);
  if (!personnel.ok() && personnel.error().code != ErrorCode::kNotFound) return personnel.error();
  if (!personnel.ok() || !personnel->active) {
    return make_error(ErrorCode::kNotPersonnel,
                      "The handling staff member is not active personnel.", "personel");
  }
  return id;
}

// What the validations against the database established; everything the writes need.
struct PreparedUpgrade {
  domain::Holder holder;
  std::optional<std::int64_t> handled_by;
  MovementPlan movement;
};

// Validations against the database, in order; writes nothing.
Result<PreparedUpgrade> prepare_upgrade(storage::Transaction& tx, const domain::Caller& caller,
                                        const WalletUpgradeRequest& request,
                                        domain::UpgradeMethod method) {
  PreparedUpgrade prepared;
  MAMON_TRY(prepared.holder, resolve_holder(tx, request));
  MAMON_TRY(prepared.handled_by, resolve_handler(tx, caller, request));
  MAMON_TRY(storage::Account wallet, storage::find_account(tx, prepared.holder.account_id));
  MAMON_CHECK(wallet.is_wallet());
  const Cents amount = request.input.amount;
  if (request.input.refund) {
    MAMON_TRY(Cents left, wallet.balance().minus(amount));
    if (left < wallet.floor) {
      return make_error(ErrorCode::kInsufficientFunds,
                        "The balance of " + wallet.balance().to_string() +
                            " is too low to refund " + amount.to_string() + ".",
                        "amount");
    }
  }
  MAMON_TRY(domain::Movement movement,
            domain::movement_for_wallet_upgrade(method, request.input.refund));
  MAMON_TRY(prepared.movement, plan_movement(tx, movement, wallet));
  return prepared;
}

// The writes of a prepared upgrade. Only a refund's conditional wallet debit may still refuse
// (kInsufficientFunds after a concurrent spend); it is the first write.
Result<WalletUpgradeResult> write_upgrade(storage::Transaction& tx,
                                          const WalletUpgradeRequest& request,
                                          domain::UpgradeMethod method,
                                          const PreparedUpgrade& prepared, TimestampUs now_us) {
  const Cents amount = request.input.amount;
  MAMON_TRY(std::optional<Cents> balance_after,
            apply_movement_entries(tx, prepared.movement, amount));
  MAMON_CHECK(balance_after.has_value());
  // ---- The money has moved: from here on the writes must succeed. ----
  storage::NewWalletUpgrade new_upgrade;
  new_upgrade.holder_id = prepared.holder.id;
  new_upgrade.personnel_id = prepared.handled_by;
  new_upgrade.amount = amount;
  new_upgrade.refund = request.input.refund;
  new_upgrade.method = method;
  new_upgrade.comment = request.input.comment;
  new_upgrade.created_at_us = now_us;
  MAMON_TRY(domain::WalletUpgrade upgrade, storage::insert_wallet_upgrade(tx, new_upgrade));
  MAMON_RETURN_IF_ERROR(
      defer_movement_rest(tx, prepared.movement, amount, std::nullopt, upgrade.id, now_us));
  return WalletUpgradeResult{std::move(upgrade), *balance_after, false};
}

// The audit-log entry of a new top-up or refund (issue 9 item 8), in its transaction: the wallet's
// balance before → after, the amount, method and comment. A replay writes none (nothing changed).
Status audit_upgrade(storage::Transaction& tx, const domain::Caller& caller,
                     const WalletUpgradeResult& result, TimestampUs now_us) {
  const domain::WalletUpgrade& u = result.upgrade;
  MAMON_TRY(Cents before,
            u.refund ? result.balance.plus(u.amount) : result.balance.minus(u.amount));
  return record_change(tx, caller, u.refund ? "refund" : "top_up", "wallet_upgrade", u.id,
                       {{"holder_id", u.holder_id},
                        {"amount", u.amount.to_string()},
                        {"method", std::string(domain::upgrade_method_name(u.method))},
                        {"comment", u.comment},
                        {"before", {{"balance", before.to_string()}}},
                        {"after", {{"balance", result.balance.to_string()}}}},
                       now_us);
}

// The body of record_wallet_upgrade(), run inside one write transaction (possibly more than once).
Result<WalletUpgradeResult> upgrade_in(storage::Transaction& tx, const Clock& clock,
                                       const domain::Caller& caller,
                                       const WalletUpgradeRequest& request,
                                       domain::UpgradeMethod method,
                                       const std::string& request_hash) {
  if (request.idempotency_key) {
    MAMON_TRY(std::optional<std::int64_t> replay,
              find_replay(tx, caller.user_id, *request.idempotency_key, kResultKindWalletUpgrade,
                          request_hash));
    if (replay) {
      MAMON_TRY(domain::WalletUpgrade upgrade, storage::find_wallet_upgrade(tx, *replay));
      MAMON_TRY(domain::HolderView holder, storage::find_holder_view(tx, upgrade.holder_id));
      return WalletUpgradeResult{std::move(upgrade), holder.balance, true};
    }
  }
  MAMON_TRY(PreparedUpgrade prepared, prepare_upgrade(tx, caller, request, method));
  const TimestampUs now_us = clock.now_us();
  MAMON_TRY(WalletUpgradeResult result, write_upgrade(tx, request, method, prepared, now_us));
  MAMON_RETURN_IF_ERROR(audit_upgrade(tx, caller, result, now_us));
  if (request.idempotency_key) {
    MAMON_RETURN_IF_ERROR(remember_result(tx, caller.user_id, *request.idempotency_key,
                                          request_hash, kResultKindWalletUpgrade, result.upgrade.id,
                                          now_us));
  }
  return result;
}

}  // namespace

Result<WalletUpgradeResult> record_wallet_upgrade(storage::Database& db, const Clock& clock,
                                                  const domain::Caller& caller,
                                                  const WalletUpgradeRequest& request) {
  // Validations that need no database.
  MAMON_RETURN_IF_ERROR(check_permission(caller, request.input));
  MAMON_RETURN_IF_ERROR(validate_idempotency_key(request.idempotency_key));
  MAMON_TRY(domain::UpgradeMethod method, domain::validate_wallet_upgrade_input(request.input));
  if (!request.holder_id.has_value() && !request.ledenbase_id.has_value()) {
    return make_error(ErrorCode::kInvalidInput, "Name the holder by id or by ledenbase_id.",
                      "holder");
  }
  if (!request.holder_id.has_value() && *request.ledenbase_id <= 0) {
    return make_error(ErrorCode::kInvalidInput,
                      "ledenbase_id 0 means \"none\"; name the holder by id.",
                      "holder.ledenbase_id");
  }
  const std::string request_hash =
      request.idempotency_key ? hash_upgrade_request(request, method) : std::string();

  return run_transaction(db, storage::TxMode::kWrite, [&](storage::Transaction& tx) {
    return upgrade_in(tx, clock, caller, request, method, request_hash);
  });
}

Result<Page<domain::WalletUpgrade>> list_wallet_upgrades(storage::Database& db,
                                                         const domain::Caller& caller,
                                                         const PageRequest& page) {
  MAMON_RETURN_IF_ERROR(validate_page_request(page));
  storage::WalletUpgradeQuery query;
  query.limit = page.page_size;
  query.offset = page_offset(page);
  if (!domain::can_view_all_wallet_upgrades(caller)) {
    if (!caller.holder_id) return Page<domain::WalletUpgrade>{};
    query.holder_id = caller.holder_id;
  }
  return run_transaction(db, storage::TxMode::kRead,
                         [&](storage::Transaction& tx) -> Result<Page<domain::WalletUpgrade>> {
                           Page<domain::WalletUpgrade> out;
                           MAMON_TRY(out.total, storage::count_wallet_upgrades(tx, query));
                           MAMON_TRY(out.items, storage::list_wallet_upgrades(tx, query));
                           return out;
                         });
}

}  // namespace mamon::service
