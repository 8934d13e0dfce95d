#include "storage/ledger_repo.h"

#include <algorithm>
#include <array>

#include "storage/repo_rows.h"

namespace mamon::storage {
namespace {

constexpr std::string_view kWalletKind = "wallet";
constexpr std::string_view kSystemKind = "system";

std::string_view kind_name(AccountKind kind) {
  return kind == AccountKind::kWallet ? kWalletKind : kSystemKind;
}

Transfer transfer_from_row(const Row& row) {
  Transfer t;
  t.id = row.get_int(0);
  t.debit_account_id = row.get_int(1);
  t.credit_account_id = row.get_int(2);
  t.amount = Cents(row.get_int(3));
  t.kind = row.get_text(4);
  t.purchase_id = row.get_opt_int(5);
  t.wallet_upgrade_id = row.get_opt_int(6);
  t.created_at_us = row.get_int(7);
  return t;
}

Error account_not_found(std::string_view what) {
  std::string message = "Account ";
  message.append(what).append(" does not exist.");
  return make_error(ErrorCode::kNotFound, std::move(message));
}

// Wallet debit, conditional on the floor: the race-safe heart of every sale and refund.
Result<Cents> debit_wallet(Transaction& tx, std::int64_t account_id, Cents amount) {
  MAMON_TRY(QueryResult r, tx.query("UPDATE accounts SET debits_cents = debits_cents + $1 "
                                    "WHERE id = $2 AND kind = 'wallet' "
                                    "AND credits_cents - debits_cents - $1 >= floor_cents "
                                    "RETURNING credits_cents - debits_cents, floor_cents",
                                    {amount.value(), account_id}));
  if (r.rows.empty()) {
    return make_error(ErrorCode::kInsufficientFunds, "The balance is too low for this.");
  }
  const Cents after(r.rows.front().get_int(0));
  // The money invariant, checked a second time on the row the database just wrote (the floor
  // comes from the row too: the caller's copy may predate a change of the floor).
  MAMON_CHECK(after >= Cents(r.rows.front().get_int(1)));
  return after;
}

Result<Cents> credit_wallet(Transaction& tx, std::int64_t account_id, Cents amount) {
  MAMON_TRY(QueryResult r,
            tx.query("UPDATE accounts SET credits_cents = credits_cents + $1 "
                     "WHERE id = $2 AND kind = 'wallet' RETURNING credits_cents - debits_cents",
                     {amount.value(), account_id}));
  if (r.rows.size() != 1) {
    return make_error(ErrorCode::kInternal,
                      "wallet account vanished: " + std::to_string(account_id));
  }
  return Cents(r.rows.front().get_int(0));
}

// Deferred: the caller needs no result, and a system account that does not exist (or is not
// one) changes 0 rows, which fails the transaction before it commits.
Status defer_system_entry(Transaction& tx, std::int64_t account_id, bool is_debit, Cents amount) {
  constexpr std::int64_t kOneAccount = 1;
  return is_debit ? tx.defer(
                        "UPDATE accounts SET debits_cents = debits_cents + $1 "
                        "WHERE id = $2 AND kind = 'system'",
                        {amount.value(), account_id}, kOneAccount)
                  : tx.defer(
                        "UPDATE accounts SET credits_cents = credits_cents + $1 "
                        "WHERE id = $2 AND kind = 'system'",
                        {amount.value(), account_id}, kOneAccount);
}

void check_entry_accounts(const Account& debit, const Account& credit, Cents amount) {
  MAMON_CHECK(amount > Cents::zero());
  MAMON_CHECK(debit.id != credit.id);
  MAMON_CHECK_MSG(!(debit.is_wallet() && credit.is_wallet()), "wallet-to-wallet is not a movement");
}

}  // namespace

Result<Account> find_account(Transaction& tx, std::int64_t id) {
  MAMON_TRY(Row row,
            rows::single_row(
                tx.query("SELECT " MAMON_ACCOUNT_COLUMNS " FROM accounts a WHERE a.id = $1", {id}),
                account_not_found(std::to_string(id))));
  return rows::account_from_row(row, 0);
}

Result<Account> find_account_by_name(Transaction& tx, std::string_view name) {
  MAMON_TRY(Row row, rows::single_row(tx.query("SELECT " MAMON_ACCOUNT_COLUMNS
                                               " FROM accounts a WHERE a.name = $1",
                                               {std::string(name)}),
                                      account_not_found(name)));
  return rows::account_from_row(row, 0);
}

Result<std::int64_t> insert_account(Transaction& tx, AccountKind kind, std::string_view name,
                                    TimestampUs created_at_us, Cents floor) {
  MAMON_CHECK(floor <= Cents::zero());
  return rows::single_int(
      tx.query("INSERT INTO accounts (kind, name, floor_cents, created_at_us) "
               "VALUES ($1, $2, $3, $4) RETURNING id",
               {std::string(kind_name(kind)), std::string(name), floor.value(), created_at_us}));
}

Status set_account_floor(Transaction& tx, std::int64_t account_id, Cents floor) {
  MAMON_CHECK(floor <= Cents::zero());
  MAMON_TRY(QueryResult r, tx.query("UPDATE accounts SET floor_cents = $1 WHERE id = $2",
                                    {floor.value(), account_id}));
  if (r.affected_rows != 1) return account_not_found(std::to_string(account_id));
  return ok_status();
}

Result<std::int64_t> ensure_account(Transaction& tx, AccountKind kind, std::string_view name,
                                    TimestampUs created_at_us) {
  MAMON_RETURN_IF_ERROR(
      tx.query("INSERT INTO accounts (kind, name, created_at_us) VALUES ($1, $2, $3) "
               "ON CONFLICT (name) DO NOTHING",
               {std::string(kind_name(kind)), std::string(name), created_at_us}));
  MAMON_TRY(Account account, find_account_by_name(tx, name));
  return account.id;
}

Result<std::optional<Cents>> apply_wallet_entry(Transaction& tx, const Account& debit,
                                                const Account& credit, Cents amount) {
  check_entry_accounts(debit, credit, amount);
  // Lock order, part 1: the wallet row first. Its conditional debit is also the last check that
  // may fail; nothing has been written when it does.
  std::optional<Cents> after;
  if (debit.is_wallet()) {
    MAMON_TRY(after, debit_wallet(tx, debit.id, amount));
  } else if (credit.is_wallet()) {
    MAMON_TRY(after, credit_wallet(tx, credit.id, amount));
  }
  return after;
}

Status defer_system_entries(Transaction& tx, const Account& debit, const Account& credit,
                            Cents amount) {
  check_entry_accounts(debit, credit, amount);
  // Lock order, part 2: system accounts in ascending id.
  struct SystemEntry {
    std::int64_t account_id;
    bool is_debit;
  };
  std::array<SystemEntry, 2> entries{};
  std::size_t count = 0;
  if (!debit.is_wallet()) entries[count++] = {debit.id, true};
  if (!credit.is_wallet()) entries[count++] = {credit.id, false};
  std::sort(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(count),
            [](const SystemEntry& a, const SystemEntry& b) { return a.account_id < b.account_id; });
  for (std::size_t i = 0; i < count; ++i) {
    MAMON_RETURN_IF_ERROR(
        defer_system_entry(tx, entries[i].account_id, entries[i].is_debit, amount));
  }
  return ok_status();
}

Result<AppliedEntries> apply_transfer_entries(Transaction& tx, const Account& debit,
                                              const Account& credit, Cents amount) {
  AppliedEntries applied;
  MAMON_TRY(applied.wallet_balance_after, apply_wallet_entry(tx, debit, credit, amount));
  MAMON_RETURN_IF_ERROR(defer_system_entries(tx, debit, credit, amount));
  return applied;
}

#define MAMON_INSERT_TRANSFER_SQL                                                                 \
  "INSERT INTO transfers (debit_account_id, credit_account_id, amount_cents, kind, purchase_id, " \
  "wallet_upgrade_id, meal_signup_id, report_id, cash_move_id, created_at_us) "                   \
  "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"

namespace {
std::array<Param, 10> transfer_params(const NewTransfer& t) {
  MAMON_CHECK(t.amount > Cents::zero());
  MAMON_CHECK(t.debit_account_id != t.credit_account_id);
  return {t.debit_account_id,
          t.credit_account_id,
          t.amount.value(),
          std::string(domain::transfer_kind_name(t.kind)),
          param_or_null(t.purchase_id),
          param_or_null(t.wallet_upgrade_id),
          param_or_null(t.meal_signup_id),
          param_or_null(t.report_id),
          param_or_null(t.cash_move_id),
          t.created_at_us};
}
}  // namespace

Result<std::int64_t> insert_transfer(Transaction& tx, const NewTransfer& t) {
  const std::array<Param, 10> params = transfer_params(t);
  return rows::single_int(tx.query(MAMON_INSERT_TRANSFER_SQL " RETURNING id", params));
}

Status defer_transfer(Transaction& tx, const NewTransfer& t) {
  const std::array<Param, 10> params = transfer_params(t);
  constexpr std::int64_t kOneRow = 1;
  return tx.defer(MAMON_INSERT_TRANSFER_SQL, params, kOneRow);
}

Result<PostedTransfer> post_transfer(Transaction& tx, const Account& debit, const Account& credit,
                                     const NewTransfer& transfer) {
  MAMON_CHECK(transfer.debit_account_id == debit.id && transfer.credit_account_id == credit.id);
  MAMON_TRY(AppliedEntries applied, apply_transfer_entries(tx, debit, credit, transfer.amount));
  MAMON_TRY(std::int64_t id, insert_transfer(tx, transfer));
  return PostedTransfer{id, applied.wallet_balance_after};
}

Result<std::vector<Transfer>> transfers_of_purchase(Transaction& tx, std::int64_t purchase_id) {
  MAMON_TRY(QueryResult r,
            tx.query("SELECT id, debit_account_id, credit_account_id, amount_cents, kind, "
                     "purchase_id, wallet_upgrade_id, created_at_us FROM transfers "
                     "WHERE purchase_id = $1 ORDER BY id",
                     {purchase_id}));
  std::vector<Transfer> out;
  for (const Row& row : r.rows) out.push_back(transfer_from_row(row));
  return out;
}

Result<std::vector<Transfer>> transfers_of_wallet_upgrade(Transaction& tx,
                                                          std::int64_t wallet_upgrade_id) {
  MAMON_TRY(QueryResult r,
            tx.query("SELECT id, debit_account_id, credit_account_id, amount_cents, kind, "
                     "purchase_id, wallet_upgrade_id, created_at_us FROM transfers "
                     "WHERE wallet_upgrade_id = $1 ORDER BY id",
                     {wallet_upgrade_id}));
  std::vector<Transfer> out;
  for (const Row& row : r.rows) out.push_back(transfer_from_row(row));
  return out;
}

Result<std::vector<AccountCacheMismatch>> accounts_with_cache_mismatch(Transaction& tx) {
  MAMON_TRY(QueryResult r,
            tx.query("SELECT id, name, debits_cents, credits_cents, transfer_debits, "
                     "transfer_credits FROM ("
                     " SELECT a.id, a.name, a.debits_cents, a.credits_cents,"
                     "  COALESCE((SELECT SUM(t.amount_cents) FROM transfers t"
                     "            WHERE t.debit_account_id = a.id), 0) AS transfer_debits,"
                     "  COALESCE((SELECT SUM(t.amount_cents) FROM transfers t"
                     "            WHERE t.credit_account_id = a.id), 0) AS transfer_credits"
                     " FROM accounts a) x "
                     "WHERE debits_cents <> transfer_debits OR credits_cents <> transfer_credits "
                     "ORDER BY id"));
  std::vector<AccountCacheMismatch> out;
  for (const Row& row : r.rows) {
    out.push_back({row.get_int(0), row.get_text(1), row.get_int(2), row.get_int(3), row.get_int(4),
                   row.get_int(5)});
  }
  return out;
}

Result<LedgerTotals> ledger_totals(Transaction& tx) {
  MAMON_TRY(Row row, rows::single_row(
                         tx.query("SELECT COALESCE((SELECT SUM(amount_cents) FROM transfers), 0), "
                                  "COALESCE(SUM(debits_cents), 0), COALESCE(SUM(credits_cents), 0) "
                                  "FROM accounts"),
                         make_error(ErrorCode::kInternal, "no totals row")));
  return LedgerTotals{row.get_int(0), row.get_int(1), row.get_int(2)};
}

Result<std::vector<Account>> wallets_below_floor(Transaction& tx) {
  MAMON_TRY(QueryResult r,
            tx.query("SELECT " MAMON_ACCOUNT_COLUMNS " FROM accounts a WHERE a.kind = 'wallet' "
                     "AND a.credits_cents - a.debits_cents < a.floor_cents ORDER BY a.id"));
  std::vector<Account> out;
  for (const Row& row : r.rows) out.push_back(rows::account_from_row(row, 0));
  return out;
}

Result<std::vector<PurchaseMismatch>> purchases_with_total_mismatch(Transaction& tx) {
  MAMON_TRY(
      QueryResult r,
      tx.query("SELECT id, total_cents, lines_total, transfer_count, transfers_total FROM ("
               " SELECT p.id, p.total_cents,"
               "  COALESCE((SELECT SUM(ol.quantity * ol.unit_price_cents) FROM order_lines ol"
               "            WHERE ol.purchase_id = p.id), 0) AS lines_total,"
               "  (SELECT COUNT(*) FROM transfers t WHERE t.purchase_id = p.id"
               "   AND t.kind <> 'void') AS transfer_count,"
               "  COALESCE((SELECT SUM(t.amount_cents) FROM transfers t"
               "            WHERE t.purchase_id = p.id AND t.kind <> 'void'), 0)"
               "   AS transfers_total"
               " FROM purchases p) x "
               "WHERE total_cents <> lines_total"
               " OR (total_cents > 0 AND (transfer_count <> 1 OR transfers_total <> total_cents))"
               " OR (total_cents = 0 AND transfer_count <> 0) "
               "ORDER BY id"));
  std::vector<PurchaseMismatch> out;
  for (const Row& row : r.rows) {
    out.push_back({row.get_int(0), row.get_int(1), row.get_int(2), row.get_int(3), row.get_int(4)});
  }
  return out;
}

Result<std::vector<MolliePaymentMismatch>> paid_mollie_payments_mismatched(Transaction& tx) {
  MAMON_TRY(
      QueryResult r,
      tx.query(
          "SELECT id, amount_cents, upgrade_count, transfer_count, transfers_total FROM ("
          " SELECT m.id, m.amount_cents,"
          "  (SELECT COUNT(*) FROM wallet_upgrades w"
          "   WHERE w.mollie_payment_id = m.id) AS upgrade_count,"
          "  (SELECT COUNT(*) FROM transfers t JOIN wallet_upgrades w"
          "   ON w.id = t.wallet_upgrade_id WHERE w.mollie_payment_id = m.id) AS transfer_count,"
          "  COALESCE((SELECT SUM(t.amount_cents) FROM transfers t JOIN wallet_upgrades w"
          "   ON w.id = t.wallet_upgrade_id WHERE w.mollie_payment_id = m.id), 0)"
          "   AS transfers_total"
          " FROM mollie_payments m WHERE m.status = 'paid') x "
          "WHERE upgrade_count <> 1 OR transfer_count <> 1 OR transfers_total <> amount_cents "
          "ORDER BY id"));
  std::vector<MolliePaymentMismatch> out;
  for (const Row& row : r.rows) {
    out.push_back({row.get_int(0), row.get_int(1), row.get_int(2), row.get_int(3), row.get_int(4)});
  }
  return out;
}

}  // namespace mamon::storage
