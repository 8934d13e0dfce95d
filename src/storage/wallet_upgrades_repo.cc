#include "storage/wallet_upgrades_repo.h"

#include "storage/repo_rows.h"

#define MAMON_UPGRADE_COLUMNS                                            \
  "id, holder_id, personnel_id, amount_cents, refund, method, comment, " \
  "mollie_payment_id, imported, created_at_us"

namespace mamon::storage {
namespace {

domain::WalletUpgrade upgrade_from_row(const Row& row) {
  domain::WalletUpgrade u;
  u.id = row.get_int(0);
  u.holder_id = row.get_int(1);
  u.personnel_id = row.get_opt_int(2);
  u.amount = Cents(row.get_int(3));
  u.refund = row.get_bool(4);
  auto method = domain::parse_upgrade_method(row.get_text(5));
  MAMON_CHECK_MSG(method.ok(), "the schema allows only known upgrade methods");
  u.method = *method;
  u.comment = row.get_text(6);
  u.mollie_payment_id = row.get_opt_int(7);
  u.imported = row.get_bool(8);
  u.created_at_us = row.get_int(9);
  return u;
}

std::vector<domain::WalletUpgrade> upgrades_from(const QueryResult& r) {
  std::vector<domain::WalletUpgrade> out;
  out.reserve(r.rows.size());
  for (const Row& row : r.rows) out.push_back(upgrade_from_row(row));
  return out;
}

}  // namespace

Result<domain::WalletUpgrade> insert_wallet_upgrade(Transaction& tx, const NewWalletUpgrade& u) {
  MAMON_TRY(Row row,
            rows::single_row(
                tx.query("INSERT INTO wallet_upgrades (holder_id, personnel_id, amount_cents, "
                         "refund, method, comment, mollie_payment_id, created_at_us) "
                         "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING " MAMON_UPGRADE_COLUMNS,
                         {u.holder_id, param_or_null(u.personnel_id), u.amount.value(), u.refund,
                          std::string(domain::upgrade_method_name(u.method)), u.comment,
                          param_or_null(u.mollie_payment_id), u.created_at_us}),
                make_error(ErrorCode::kInternal, "INSERT returned no row")));
  return upgrade_from_row(row);
}

Result<domain::WalletUpgrade> find_wallet_upgrade(Transaction& tx, std::int64_t upgrade_id) {
  MAMON_TRY(Row row,
            rows::single_row(
                tx.query("SELECT " MAMON_UPGRADE_COLUMNS " FROM wallet_upgrades WHERE id = $1",
                         {upgrade_id}),
                make_error(ErrorCode::kNotFound,
                           "Wallet upgrade " + std::to_string(upgrade_id) + " does not exist.")));
  return upgrade_from_row(row);
}

Result<std::vector<domain::WalletUpgrade>> list_wallet_upgrades(Transaction& tx,
                                                                const WalletUpgradeQuery& q) {
  Result<QueryResult> r = q.holder_id
                              ? tx.query("SELECT " MAMON_UPGRADE_COLUMNS
                                         " FROM wallet_upgrades WHERE holder_id = $1 "
                                         "ORDER BY created_at_us DESC, id DESC LIMIT $2 OFFSET $3",
                                         {*q.holder_id, q.limit, q.offset})
                              : tx.query("SELECT " MAMON_UPGRADE_COLUMNS
                                         " FROM wallet_upgrades "
                                         "ORDER BY created_at_us DESC, id DESC LIMIT $1 OFFSET $2",
                                         {q.limit, q.offset});
  if (!r.ok()) return std::move(r).error();
  return upgrades_from(*r);
}

Result<std::int64_t> count_wallet_upgrades(Transaction& tx, const WalletUpgradeQuery& q) {
  if (q.holder_id) {
    return rows::single_int(
        tx.query("SELECT COUNT(*) FROM wallet_upgrades WHERE holder_id = $1", {*q.holder_id}));
  }
  return rows::single_int(tx.query("SELECT COUNT(*) FROM wallet_upgrades"));
}

}  // namespace mamon::storage
