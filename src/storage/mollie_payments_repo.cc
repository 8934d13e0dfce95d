#include "storage/mollie_payments_repo.h"

#include "storage/repo_rows.h"

#define MAMON_MOLLIE_COLUMNS                                                            \
  "id, holder_id, amount_cents, mollie_id, identifier, status, checkout_url, comment, " \
  "created_at_us, paid_at_us, expires_at_us"

namespace mamon::storage {
namespace {

domain::MolliePayment payment_from_row(const Row& row) {
  domain::MolliePayment p;
  p.id = row.get_int(0);
  p.holder_id = row.get_int(1);
  p.amount = Cents(row.get_int(2));
  p.mollie_id = row.get_opt_text(3);
  p.identifier = row.get_text(4);
  p.status = row.get_text(5);
  p.checkout_url = row.get_text(6);
  p.comment = row.get_text(7);
  p.created_at_us = row.get_int(8);
  p.paid_at_us = row.get_opt_int(9);
  p.expires_at_us = row.get_opt_int(10);
  return p;
}

Result<std::optional<domain::MolliePayment>> optional_payment(Result<QueryResult> result) {
  MAMON_TRY(std::optional<Row> row, rows::optional_row(std::move(result)));
  if (!row) return std::optional<domain::MolliePayment>();
  return std::optional<domain::MolliePayment>(payment_from_row(*row));
}

Error not_found(std::int64_t id) {
  return make_error(ErrorCode::kNotFound,
                    "Online top-up " + std::to_string(id) + " does not exist.");
}

}  // namespace

Result<domain::MolliePayment> insert_mollie_payment(Transaction& tx, const NewMolliePayment& p) {
  MAMON_TRY(Row row,
            rows::single_row(
                tx.query("INSERT INTO mollie_payments (holder_id, amount_cents, identifier, "
                         "status, comment, created_at_us) VALUES ($1, $2, $3, $4, $5, $6) "
                         "RETURNING " MAMON_MOLLIE_COLUMNS,
                         {p.holder_id, p.amount.value(), p.identifier,
                          std::string(domain::kMollieStatusCreated), p.comment, p.created_at_us}),
                make_error(ErrorCode::kInternal, "INSERT returned no row")));
  return payment_from_row(row);
}

Result<domain::MolliePayment> record_mollie_acceptance(Transaction& tx, std::int64_t id,
                                                       const MollieAcceptance& a) {
  MAMON_TRY(
      Row row,
      rows::single_row(
          tx.query("UPDATE mollie_payments SET mollie_id = $2, status = $3, "
                   "checkout_url = $4, expires_at_us = $5 WHERE id = $1 AND status <> 'paid' "
                   "RETURNING " MAMON_MOLLIE_COLUMNS,
                   {id, a.mollie_id, a.status, a.checkout_url, param_or_null(a.expires_at_us)}),
          not_found(id)));
  return payment_from_row(row);
}

Result<bool> update_unpaid_mollie_status(Transaction& tx, std::int64_t id, std::string_view status,
                                         const std::optional<std::string>& mollie_id) {
  MAMON_TRY(QueryResult r, tx.query("UPDATE mollie_payments SET status = $2, "
                                    "mollie_id = COALESCE(mollie_id, $3) "
                                    "WHERE id = $1 AND status <> 'paid'",
                                    {id, std::string(status), param_or_null(mollie_id)}));
  return r.affected_rows > 0;
}

Result<bool> mark_mollie_payment_paid(Transaction& tx, std::int64_t id, std::string_view mollie_id,
                                      TimestampUs paid_at_us) {
  MAMON_TRY(QueryResult r, tx.query("UPDATE mollie_payments SET status = 'paid', paid_at_us = $2, "
                                    "mollie_id = COALESCE(mollie_id, $3) "
                                    "WHERE id = $1 AND status <> 'paid'",
                                    {id, paid_at_us, std::string(mollie_id)}));
  return r.affected_rows > 0;
}

Result<domain::MolliePayment> find_mollie_payment(Transaction& tx, std::int64_t id) {
  MAMON_TRY(Row row, rows::single_row(tx.query("SELECT " MAMON_MOLLIE_COLUMNS
                                               " FROM mollie_payments WHERE id = $1",
                                               {id}),
                                      not_found(id)));
  return payment_from_row(row);
}

Result<std::optional<domain::MolliePayment>> find_mollie_payment_by_mollie_id(
    Transaction& tx, std::string_view mollie_id) {
  return optional_payment(tx.query("SELECT " MAMON_MOLLIE_COLUMNS
                                   " FROM mollie_payments WHERE mollie_id = $1",
                                   {std::string(mollie_id)}));
}

Result<std::optional<domain::MolliePayment>> find_mollie_payment_by_identifier(
    Transaction& tx, std::string_view identifier) {
  return optional_payment(tx.query("SELECT " MAMON_MOLLIE_COLUMNS
                                   " FROM mollie_payments WHERE identifier = $1",
                                   {std::string(identifier)}));
}

Result<bool> any_mollie_payment_without_id_since(Transaction& tx, TimestampUs since_us) {
  MAMON_TRY(std::int64_t found,
            rows::single_int(tx.query("SELECT COUNT(*) FROM (SELECT 1 FROM mollie_payments "
                                      "WHERE mollie_id IS NULL AND created_at_us >= $1 "
                                      "LIMIT 1) AS awaiting",
                                      {since_us})));
  return found > 0;
}

Result<std::vector<domain::MolliePayment>> list_mollie_payments(Transaction& tx,
                                                                std::int64_t holder_id,
                                                                std::int64_t limit,
                                                                std::int64_t offset) {
  MAMON_TRY(QueryResult r,
            tx.query("SELECT " MAMON_MOLLIE_COLUMNS " FROM mollie_payments WHERE holder_id = $1 "
                     "ORDER BY created_at_us DESC, id DESC LIMIT $2 OFFSET $3",
                     {holder_id, limit, offset}));
  std::vector<domain::MolliePayment> out;
  out.reserve(r.rows.size());
  for (const Row& row : r.rows) out.push_back(payment_from_row(row));
  return out;
}

Result<std::int64_t> count_mollie_payments(Transaction& tx, std::int64_t holder_id) {
  return rows::single_int(
      tx.query("SELECT COUNT(*) FROM mollie_payments WHERE holder_id = $1", {holder_id}));
}

}  // namespace mamon::storage
