#include "storage/repo_rows.h"

#include "base/check.h"

namespace mamon::storage::rows {

domain::User user_from_row(const Row& row, std::size_t first) {
  domain::User u;
  u.id = row.get_int(first + 0);
  u.username = row.get_text(first + 1);
  u.password_hash = row.get_text(first + 2);
  u.first_name = row.get_text(first + 3);
  u.last_name = row.get_text(first + 4);
  u.email = row.get_text(first + 5);
  u.is_active = row.get_bool(first + 6);
  u.is_superuser = row.get_bool(first + 7);
  u.is_staff = row.get_bool(first + 8);
  u.is_system = row.get_bool(first + 9);
  u.date_joined_at_us = row.get_int(first + 10);
  u.last_login_at_us = row.get_opt_int(first + 11);
  return u;
}

domain::Holder holder_from_row(const Row& row, std::size_t first) {
  domain::Holder h;
  h.id = row.get_int(first + 0);
  h.user_id = row.get_int(first + 1);
  h.account_id = row.get_int(first + 2);
  h.ledenbase_id = row.get_opt_int(first + 3);
  h.image = row.get_text(first + 4);
  h.image_ledenbase = row.get_text(first + 5);
  return h;
}

Account account_from_row(const Row& row, std::size_t first) {
  Account a;
  a.id = row.get_int(first + 0);
  a.kind = row.get_text(first + 1) == "wallet" ? AccountKind::kWallet : AccountKind::kSystem;
  a.name = row.get_text(first + 2);
  a.debits = Cents(row.get_int(first + 3));
  a.credits = Cents(row.get_int(first + 4));
  a.floor = Cents(row.get_int(first + 5));
  a.created_at_us = row.get_int(first + 6);
  return a;
}

domain::Personnel personnel_from_row(const Row& row, std::size_t first) {
  domain::Personnel p;
  p.id = row.get_int(first + 0);
  p.user_id = row.get_int(first + 1);
  p.nickname = row.get_text(first + 2);
  p.image = row.get_text(first + 3);
  p.active = row.get_bool(first + 4);
  return p;
}

std::optional<domain::Personnel> optional_personnel_from_row(const Row& row, std::size_t first) {
  if (row.is_null(first)) return std::nullopt;
  return personnel_from_row(row, first);
}

Result<Row> single_row(Result<QueryResult> result, Error not_found) {
  if (!result.ok()) return std::move(result).error();
  MAMON_CHECK_MSG(result->rows.size() <= 1, "a single-row query returned several rows");
  if (result->rows.empty()) return not_found;
  return std::move(result->rows.front());
}

Result<std::optional<Row>> optional_row(Result<QueryResult> result) {
  if (!result.ok()) return std::move(result).error();
  if (result->rows.empty()) return std::optional<Row>();
  return std::optional<Row>(std::move(result->rows.front()));
}

Result<std::int64_t> single_int(Result<QueryResult> result) {
  if (!result.ok()) return std::move(result).error();
  MAMON_CHECK_MSG(result->rows.size() == 1, "expected exactly one row");
  return result->rows.front().get_int(0);
}

domain::PaymentMethod payment_method_from_row(const Row& row, std::size_t column) {
  auto method = domain::parse_payment_method(row.get_text(column));
  MAMON_CHECK_MSG(method.ok(), "the schema allows only known payment methods");
  return *method;
}

}  // namespace mamon::storage::rows
