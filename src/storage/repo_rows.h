// Internal to the storage layer: the column lists and row mappers that several repositories share
// (a user row appears in user, holder and card queries), plus small result helpers.
//
// Column lists are macros so that every statement stays one compile-time string literal: the
// statement cache of database.h is keyed by the SQL text.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "base/result.h"
#include "domain/purchases.h"
#include "domain/users.h"
#include "storage/database.h"
#include "storage/ledger_repo.h"

// users u: 12 columns.
#define MAMON_USER_COLUMNS                                                               \
  "u.id, u.username, u.password_hash, u.first_name, u.last_name, u.email, u.is_active, " \
  "u.is_superuser, u.is_staff, u.is_system, u.date_joined_at_us, u.last_login_at_us"
// holders h: 6 columns.
#define MAMON_HOLDER_COLUMNS \
  "h.id, h.user_id, h.account_id, h.ledenbase_id, h.image, h.image_ledenbase"
// accounts a: 7 columns.
#define MAMON_ACCOUNT_COLUMNS \
  "a.id, a.kind, a.name, a.debits_cents, a.credits_cents, a.floor_cents, a.created_at_us"
// personnel p: 5 columns (all NULL when a LEFT JOIN found none).
#define MAMON_PERSONNEL_COLUMNS "p.id, p.user_id, p.nickname, p.image, p.active"

namespace mamon::storage::rows {

inline constexpr std::size_t kUserColumnCount = 12;
inline constexpr std::size_t kHolderColumnCount = 6;
inline constexpr std::size_t kPersonnelColumnCount = 5;
inline constexpr std::size_t kAccountColumnCount = 7;

domain::User user_from_row(const Row& row, std::size_t first);
domain::Holder holder_from_row(const Row& row, std::size_t first);
domain::Personnel personnel_from_row(const Row& row, std::size_t first);
Account account_from_row(const Row& row, std::size_t first);
// A LEFT JOINed personnel: none when its id column is NULL.
std::optional<domain::Personnel> optional_personnel_from_row(const Row& row, std::size_t first);
// A purchases.method column; anything else is a bug (CHECK: the schema allows only known ones).
domain::PaymentMethod payment_method_from_row(const Row& row, std::size_t column);

// The one row a query returned, or `not_found` when it returned none. More than one row is a bug
// in the query (CHECK).
Result<Row> single_row(Result<QueryResult> result, Error not_found);

// The first row, or none.
Result<std::optional<Row>> optional_row(Result<QueryResult> result);

// The integer in the first column of the single row (ids from RETURNING, counts).
Result<std::int64_t> single_int(Result<QueryResult> result);

}  // namespace mamon::storage::rows
