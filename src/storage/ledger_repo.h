// The ledger's accounts and transfers (DESIGN.md §2), and the queries behind the invariant check.
//
// Money moves in two steps inside the caller's write transaction:
//   1. apply_transfer_entries() updates the cached debits/credits of both accounts, in the lock
//      order that keeps concurrent transactions free of deadlocks: the (single) wallet account
//      first, then system accounts in ascending id. A wallet debit is a conditional UPDATE that
//      only succeeds while the balance stays at or above the wallet's floor, so two concurrent
//      purchases can never both spend the same money (no SERIALIZABLE needed: under READ
//      COMMITTED PostgreSQL re-checks the WHERE clause on the locked, newest row version).
//   2. insert_transfer() appends the transfer row naming its cause.
// apply_wallet_entry / defer_system_entries / defer_transfer are the same steps with the writes
// whose results nobody needs deferred (Transaction::defer) to the commit's round trip.
// Both happen in the same transaction as the purchase / upgrade row; either all or nothing stays.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/money.h"
#include "base/result.h"
#include "domain/ledger.h"
#include "storage/database.h"

namespace mamon::storage {

enum class AccountKind { kWallet, kSystem };

struct Account {
  std::int64_t id = 0;
  AccountKind kind = AccountKind::kSystem;
  std::string name;
  Cents debits;
  Cents credits;
  Cents floor;  // <= 0: the lowest balance a wallet may reach
  TimestampUs created_at_us = 0;

  Cents balance() const { return Cents(credits.value() - debits.value()); }
  bool is_wallet() const { return kind == AccountKind::kWallet; }
};

// Error kNotFound.
Result<Account> find_account(Transaction& tx, std::int64_t id);
Result<Account> find_account_by_name(Transaction& tx, std::string_view name);

// Creates an account with zero sums. Error kConflict if the name is taken.
Result<std::int64_t> insert_account(Transaction& tx, AccountKind kind, std::string_view name,
                                    TimestampUs created_at_us, Cents floor = Cents::zero());

// Sets a wallet's credit floor (<= 0, CHECKed). Error kNotFound; kInvalidInput if the balance is
// below the new floor already (the schema's INV-3 check refuses it).
Status set_account_floor(Transaction& tx, std::int64_t account_id, Cents floor);

// Creates the account unless one of that name exists; returns its id either way.
Result<std::int64_t> ensure_account(Transaction& tx, AccountKind kind, std::string_view name,
                                    TimestampUs created_at_us);

// Step 1 (see the file comment). `debit` and `credit` are distinct accounts, at most one of them
// a wallet; amount > 0 (CHECKed). Returns the wallet's balance after the entry, if a wallet is
// involved. Error kInsufficientFunds if a wallet debit would take the balance below its floor
// (nothing was written then); database errors otherwise.
struct AppliedEntries {
  std::optional<Cents> wallet_balance_after;
};
Result<AppliedEntries> apply_transfer_entries(Transaction& tx, const Account& debit,
                                              const Account& credit, Cents amount);

// Step 1 in two parts, for callers that write the cause in between (a sale, a top-up):
//   apply_wallet_entry: the wallet's entry, now (if a wallet is involved: the first write, the
//     only one that may refuse; errors as apply_transfer_entries); the wallet's balance after.
//   defer_system_entries: the system accounts' entries, in ascending id, deferred
//     (Transaction::defer): they run with the next statement or the commit.
// The lock order holds (the wallet row is locked before any system row). Deferred to the end, the
// row of a system account that every sale shares (`sales`) stays locked for the commit's round
// trips only, instead of for every statement that writes the cause.
Result<std::optional<Cents>> apply_wallet_entry(Transaction& tx, const Account& debit,
                                                const Account& credit, Cents amount);
Status defer_system_entries(Transaction& tx, const Account& debit, const Account& credit,
                            Cents amount);

struct NewTransfer {
  std::int64_t debit_account_id = 0;
  std::int64_t credit_account_id = 0;
  Cents amount;  // > 0
  domain::TransferKind kind = domain::TransferKind::kCorrection;
  std::optional<std::int64_t> purchase_id;
  std::optional<std::int64_t> wallet_upgrade_id;
  std::optional<std::int64_t> meal_signup_id;  // kind kMealCharge only (and always)
  std::optional<std::int64_t> report_id;       // kind kCashDifference only (and always)
  std::optional<std::int64_t> cash_move_id;    // kind kCashMove only (and always)
  TimestampUs created_at_us = 0;
};
// Step 2: insert_transfer returns the new transfer's id; defer_transfer defers the insert
// (Transaction::defer), for callers that do not need the id.
Result<std::int64_t> insert_transfer(Transaction& tx, const NewTransfer& transfer);
Status defer_transfer(Transaction& tx, const NewTransfer& transfer);

// Both steps in one call, for callers that write the transfer's cause first (an upgrade row, an
// imported purchase). `transfer` must name the same accounts as `debit` and `credit` (CHECKed).
// Errors as apply_transfer_entries.
struct PostedTransfer {
  std::int64_t transfer_id = 0;
  std::optional<Cents> wallet_balance_after;
};
Result<PostedTransfer> post_transfer(Transaction& tx, const Account& debit, const Account& credit,
                                     const NewTransfer& transfer);

struct Transfer {
  std::int64_t id = 0;
  std::int64_t debit_account_id = 0;
  std::int64_t credit_account_id = 0;
  Cents amount;
  std::string kind;
  std::optional<std::int64_t> purchase_id;
  std::optional<std::int64_t> wallet_upgrade_id;
  TimestampUs created_at_us = 0;
};
// The transfers of one purchase (its sale and, once voided, its reversal) / wallet upgrade
// (zero or one), by id.
Result<std::vector<Transfer>> transfers_of_purchase(Transaction& tx, std::int64_t purchase_id);
Result<std::vector<Transfer>> transfers_of_wallet_upgrade(Transaction& tx,
                                                          std::int64_t wallet_upgrade_id);

// --- The invariant queries (service/ledger_check.h). Each returns only the offending rows. ---

// INV-1: accounts whose cached sums differ from the sums of their transfers.
struct AccountCacheMismatch {
  std::int64_t account_id = 0;
  std::string name;
  std::int64_t cached_debits_cents = 0;
  std::int64_t cached_credits_cents = 0;
  std::int64_t transfer_debits_cents = 0;
  std::int64_t transfer_credits_cents = 0;
};
Result<std::vector<AccountCacheMismatch>> accounts_with_cache_mismatch(Transaction& tx);

// INV-2: the whole ledger's totals.
struct LedgerTotals {
  std::int64_t transfers_cents = 0;       // sum of all transfer amounts
  std::int64_t cached_debits_cents = 0;   // sum over accounts
  std::int64_t cached_credits_cents = 0;  // sum over accounts
};
Result<LedgerTotals> ledger_totals(Transaction& tx);

// INV-3: wallets below their floor.
Result<std::vector<Account>> wallets_below_floor(Transaction& tx);

// INV-4: purchases whose total differs from their lines, or whose transfers do not match it
// (a purchase with total > 0 needs exactly one transfer of that amount; total 0 needs none).
// Its reversal (kind 'void', voids_repo.h INV-6) is not counted here.
struct PurchaseMismatch {
  std::int64_t purchase_id = 0;
  std::int64_t total_cents = 0;
  std::int64_t lines_total_cents = 0;
  std::int64_t transfer_count = 0;
  std::int64_t transfers_cents = 0;
};
Result<std::vector<PurchaseMismatch>> purchases_with_total_mismatch(Transaction& tx);

// INV-5: paid Mollie payments without exactly one wallet upgrade and one transfer, or whose
// transfer is not of the payment's amount.
struct MolliePaymentMismatch {
  std::int64_t mollie_payment_id = 0;
  std::int64_t amount_cents = 0;
  std::int64_t upgrade_count = 0;
  std::int64_t transfer_count = 0;
  std::int64_t transfers_cents = 0;
};
Result<std::vector<MolliePaymentMismatch>> paid_mollie_payments_mismatched(Transaction& tx);

}  // namespace mamon::storage
