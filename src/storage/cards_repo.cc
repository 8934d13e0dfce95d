#include "storage/cards_repo.h"

#include "storage/repo_rows.h"

namespace mamon::storage {
namespace {

domain::Card card_from_row(const Row& row) {
  domain::Card c;
  c.id = row.get_int(0);
  c.card_id = row.get_text(1);
  c.card_name = row.get_text(2);
  c.user_id = row.get_int(3);
  c.blocked = row.get_bool(4);
  c.created_at_us = row.get_int(5);
  return c;
}

Status expect_one_card(const Result<QueryResult>& r, std::int64_t card_id) {
  if (!r.ok()) return r.error();
  if (r->affected_rows != 1) {
    return make_error(ErrorCode::kCardNotFound, "Card " + std::to_string(card_id) + " not found.");
  }
  return ok_status();
}

}  // namespace

Result<domain::Card> insert_card(Transaction& tx, const NewCard& card) {
  MAMON_TRY(Row row, rows::single_row(
                         tx.query("INSERT INTO cards (card_id, card_name, user_id, created_at_us) "
                                  "VALUES ($1, $2, $3, $4) RETURNING id, card_id, card_name, "
                                  "user_id, blocked, created_at_us",
                                  {card.card_id, card.card_name, card.user_id, card.created_at_us}),
                         make_error(ErrorCode::kInternal, "INSERT returned no row")));
  return card_from_row(row);
}

Result<std::optional<domain::Card>> find_card_by_uid(Transaction& tx, std::string_view card_id) {
  MAMON_TRY(std::optional<Row> row,
            rows::optional_row(tx.query("SELECT id, card_id, card_name, user_id, blocked, "
                                        "created_at_us FROM cards WHERE card_id = $1",
                                        {std::string(card_id)})));
  if (!row) return std::optional<domain::Card>();
  return std::optional<domain::Card>(card_from_row(*row));
}

Result<std::vector<domain::Card>> list_cards_of_user(Transaction& tx, std::int64_t user_id) {
  MAMON_TRY(QueryResult r, tx.query("SELECT id, card_id, card_name, user_id, blocked, "
                                    "created_at_us FROM cards WHERE user_id = $1 ORDER BY id",
                                    {user_id}));
  std::vector<domain::Card> out;
  for (const Row& row : r.rows) out.push_back(card_from_row(row));
  return out;
}

Status delete_card(Transaction& tx, std::int64_t card_id) {
  return expect_one_card(tx.query("DELETE FROM cards WHERE id = $1", {card_id}), card_id);
}

Status set_card_blocked(Transaction& tx, std::int64_t card_id, bool blocked) {
  return expect_one_card(
      tx.query("UPDATE cards SET blocked = $1 WHERE id = $2", {blocked, card_id}), card_id);
}

}  // namespace mamon::storage
