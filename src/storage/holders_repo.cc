#include "storage/holders_repo.h"

#include "storage/repo_rows.h"

// holders h + users u + wallet balance + active personnel p: the HolderView columns.
#define MAMON_HOLDER_VIEW_SELECT                                                            \
  "SELECT " MAMON_HOLDER_COLUMNS ", " MAMON_USER_COLUMNS                                    \
  ", a.credits_cents - a.debits_cents, " MAMON_PERSONNEL_COLUMNS                            \
  " FROM holders h JOIN users u ON u.id = h.user_id JOIN accounts a ON a.id = h.account_id" \
  " LEFT JOIN personnel p ON p.user_id = u.id AND p.active "

// The search of list_holder_views: $1 a LIKE pattern (lower case), $2 the term, $3 the term
// upper-cased (card UIDs are stored upper-case).
#define MAMON_HOLDER_SEARCH                                                               \
  "WHERE NOT u.is_system AND (lower(u.username) LIKE $1 ESCAPE '\\'"                      \
  " OR lower(u.first_name) LIKE $1 ESCAPE '\\' OR lower(u.last_name) LIKE $1 ESCAPE '\\'" \
  " OR lower(u.first_name || ' ' || u.last_name) LIKE $1 ESCAPE '\\'"                     \
  " OR CAST(h.ledenbase_id AS TEXT) = $2"                                                 \
  " OR EXISTS (SELECT 1 FROM cards c WHERE c.user_id = u.id AND c.card_id = $3 AND NOT "  \
  "c.blocked)) "

// HolderListRow: the HolderView columns, then floor, card count, last activity.
#define MAMON_HOLDER_ROW_SELECT                                                              \
  "SELECT " MAMON_HOLDER_COLUMNS ", " MAMON_USER_COLUMNS                                     \
  ", a.credits_cents - a.debits_cents, " MAMON_PERSONNEL_COLUMNS                             \
  ", a.floor_cents, (SELECT COUNT(*) FROM cards c WHERE c.user_id = u.id AND NOT c.blocked)" \
  ", (SELECT created_at_us FROM purchases WHERE buyer_holder_id = h.id"                      \
  " UNION ALL SELECT created_at_us FROM wallet_upgrades WHERE holder_id = h.id"              \
  " UNION ALL SELECT created_at_us FROM mollie_payments WHERE holder_id = h.id"              \
  " ORDER BY 1 DESC LIMIT 1)"                                                                \
  " FROM holders h JOIN users u ON u.id = h.user_id JOIN accounts a ON a.id = h.account_id"  \
  " LEFT JOIN personnel p ON p.user_id = u.id AND p.active "
#define MAMON_HOLDER_BY_NAME "ORDER BY lower(u.first_name), lower(u.last_name), h.id "
#define MAMON_HOLDER_BY_BALANCE \
  "ORDER BY a.credits_cents - a.debits_cents, lower(u.first_name), lower(u.last_name), h.id "

namespace mamon::storage {
namespace {

Error holder_not_found(const std::string& what) {
  return make_error(ErrorCode::kHolderNotFound, "Holder " + what + " does not exist.", "holder");
}

domain::HolderView holder_view_from_row(const Row& row) {
  domain::HolderView view;
  std::size_t column = 0;
  view.holder = rows::holder_from_row(row, column);
  column += rows::kHolderColumnCount;
  view.user = rows::user_from_row(row, column);
  column += rows::kUserColumnCount;
  view.balance = Cents(row.get_int(column));
  column += 1;
  view.personnel = rows::optional_personnel_from_row(row, column);
  return view;
}

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string upper_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// "%term%" with LIKE's wildcards escaped, so a search for "50%" finds "50%" only.
std::string like_pattern(std::string_view term) {
  std::string pattern = "%";
  for (char c : lower_ascii(term)) {
    if (c == '%' || c == '_' || c == '\\') pattern.push_back('\\');
    pattern.push_back(c);
  }
  pattern.push_back('%');
  return pattern;
}

Result<domain::Holder> find_holder_where(Transaction& tx, std::string_view sql, std::int64_t value,
                                         const std::string& what) {
  MAMON_TRY(Row row, rows::single_row(tx.query(sql, {value}), holder_not_found(what)));
  return rows::holder_from_row(row, 0);
}

}  // namespace

Result<std::int64_t> insert_holder(Transaction& tx, const NewHolder& h) {
  return rows::single_int(tx.query(
      "INSERT INTO holders (user_id, account_id, ledenbase_id, image, image_ledenbase) "
      "VALUES ($1, $2, $3, $4, $5) RETURNING id",
      {h.user_id, h.account_id, param_or_null(h.ledenbase_id), h.image, h.image_ledenbase}));
}

Result<domain::Holder> find_holder(Transaction& tx, std::int64_t holder_id) {
  return find_holder_where(tx, "SELECT " MAMON_HOLDER_COLUMNS " FROM holders h WHERE h.id = $1",
                           holder_id, std::to_string(holder_id));
}

Result<HolderWallet> find_holder_wallet(Transaction& tx, std::int64_t holder_id) {
  MAMON_TRY(Row row,
            rows::single_row(tx.query("SELECT " MAMON_HOLDER_COLUMNS ", " MAMON_ACCOUNT_COLUMNS
                                      " FROM holders h JOIN accounts a ON "
                                      "a.id = h.account_id WHERE h.id = $1",
                                      {holder_id}),
                             holder_not_found(std::to_string(holder_id))));
  HolderWallet out;
  out.holder = rows::holder_from_row(row, 0);
  out.wallet = rows::account_from_row(row, rows::kHolderColumnCount);
  return out;
}

Result<domain::Holder> find_holder_by_user(Transaction& tx, std::int64_t user_id) {
  return find_holder_where(tx,
                           "SELECT " MAMON_HOLDER_COLUMNS " FROM holders h WHERE h.user_id = $1",
                           user_id, "of user " + std::to_string(user_id));
}

Result<domain::Holder> find_holder_by_ledenbase_id(Transaction& tx, std::int64_t ledenbase_id) {
  return find_holder_where(
      tx, "SELECT " MAMON_HOLDER_COLUMNS " FROM holders h WHERE h.ledenbase_id = $1", ledenbase_id,
      "with ledenbase id " + std::to_string(ledenbase_id));
}

Result<domain::HolderView> find_holder_view(Transaction& tx, std::int64_t holder_id) {
  MAMON_TRY(Row row,
            rows::single_row(tx.query(MAMON_HOLDER_VIEW_SELECT "WHERE h.id = $1", {holder_id}),
                             holder_not_found(std::to_string(holder_id))));
  return holder_view_from_row(row);
}

Result<domain::HolderView> find_holder_view_by_user(Transaction& tx, std::int64_t user_id) {
  MAMON_TRY(Row row,
            rows::single_row(tx.query(MAMON_HOLDER_VIEW_SELECT "WHERE h.user_id = $1", {user_id}),
                             holder_not_found("of user " + std::to_string(user_id))));
  return holder_view_from_row(row);
}

Result<std::vector<domain::HolderView>> list_holder_views(Transaction& tx,
                                                          const HolderQuery& query) {
  Result<QueryResult> r =
      query.search.empty()
          ? tx.query(MAMON_HOLDER_VIEW_SELECT
                     "WHERE NOT u.is_system "
                     "ORDER BY lower(u.first_name), lower(u.last_name), h.id LIMIT $1 OFFSET $2",
                     {query.limit, query.offset})
          : tx.query(MAMON_HOLDER_VIEW_SELECT MAMON_HOLDER_SEARCH
                     "ORDER BY lower(u.first_name), lower(u.last_name), h.id LIMIT $4 OFFSET $5",
                     {like_pattern(query.search), query.search, upper_ascii(query.search),
                      query.limit, query.offset});
  if (!r.ok()) return std::move(r).error();
  std::vector<domain::HolderView> out;
  out.reserve(r->rows.size());
  for (const Row& row : r->rows) out.push_back(holder_view_from_row(row));
  return out;
}

Result<std::int64_t> count_holders(Transaction& tx, const HolderQuery& query) {
  if (query.search.empty()) {
    return rows::single_int(tx.query(
        "SELECT COUNT(*) FROM holders h JOIN users u ON u.id = h.user_id WHERE NOT u.is_system"));
  }
  return rows::single_int(tx.query(
      "SELECT COUNT(*) FROM holders h JOIN users u ON u.id = h.user_id " MAMON_HOLDER_SEARCH,
      {like_pattern(query.search), query.search, upper_ascii(query.search)}));
}

Result<std::vector<HolderListRow>> list_holder_rows(Transaction& tx, const HolderListQuery& query) {
  const bool by_balance = query.sort == HolderSort::kBalanceAscending;
  Result<QueryResult> r =
      query.search.empty()
          ? (by_balance
                 ? tx.query(MAMON_HOLDER_ROW_SELECT "WHERE NOT u.is_system " MAMON_HOLDER_BY_BALANCE
                                                    "LIMIT $1 OFFSET $2",
                            {query.limit, query.offset})
                 : tx.query(MAMON_HOLDER_ROW_SELECT "WHERE NOT u.is_system " MAMON_HOLDER_BY_NAME
                                                    "LIMIT $1 OFFSET $2",
                            {query.limit, query.offset}))
          : (by_balance
                 ? tx.query(MAMON_HOLDER_ROW_SELECT MAMON_HOLDER_SEARCH MAMON_HOLDER_BY_BALANCE
                            "LIMIT $4 OFFSET $5",
                            {like_pattern(query.search), query.search, upper_ascii(query.search),
                             query.limit, query.offset})
                 : tx.query(MAMON_HOLDER_ROW_SELECT MAMON_HOLDER_SEARCH MAMON_HOLDER_BY_NAME
                            "LIMIT $4 OFFSET $5",
                            {like_pattern(query.search), query.search, upper_ascii(query.search),
                             query.limit, query.offset}));
  if (!r.ok()) return std::move(r).error();
  constexpr std::size_t kFirstExtra =
      rows::kHolderColumnCount + rows::kUserColumnCount + 1 + rows::kPersonnelColumnCount;
  std::vector<HolderListRow> out;
  out.reserve(r->rows.size());
  for (const Row& row : r->rows) {
    HolderListRow item;
    item.view = holder_view_from_row(row);
    item.credit_floor = Cents(row.get_int(kFirstExtra));
    item.card_count = row.get_int(kFirstExtra + 1);
    item.last_activity_at_us = row.get_opt_int(kFirstExtra + 2);
    out.push_back(std::move(item));
  }
  return out;
}

Result<std::int64_t> insert_personnel(Transaction& tx, const NewPersonnel& p) {
  return rows::single_int(
      tx.query("INSERT INTO personnel (user_id, nickname, image, active) VALUES ($1, $2, $3, $4) "
               "RETURNING id",
               {p.user_id, p.nickname, p.image, p.active}));
}

Status set_personnel_active(Transaction& tx, std::int64_t personnel_id, bool active) {
  MAMON_TRY(QueryResult r,
            tx.query("UPDATE personnel SET active = $1 WHERE id = $2", {active, personnel_id}));
  if (r.affected_rows != 1) {
    return make_error(ErrorCode::kNotFound,
                      "Personnel " + std::to_string(personnel_id) + " does not exist.");
  }
  return ok_status();
}

Result<domain::Personnel> find_personnel(Transaction& tx, std::int64_t personnel_id) {
  MAMON_TRY(Row row,
            rows::single_row(
                tx.query("SELECT " MAMON_PERSONNEL_COLUMNS " FROM personnel p WHERE p.id = $1",
                         {personnel_id}),
                make_error(ErrorCode::kNotFound,
                           "Personnel " + std::to_string(personnel_id) + " does not exist.")));
  return rows::personnel_from_row(row, 0);
}

Result<std::optional<domain::Personnel>> find_personnel_by_user(Transaction& tx,
                                                                std::int64_t user_id) {
  MAMON_TRY(
      std::optional<Row> row,
      rows::optional_row(tx.query(
          "SELECT " MAMON_PERSONNEL_COLUMNS " FROM personnel p WHERE p.user_id = $1", {user_id})));
  if (!row) return std::optional<domain::Personnel>();
  return std::optional<domain::Personnel>(rows::personnel_from_row(*row, 0));
}

}  // namespace mamon::storage
