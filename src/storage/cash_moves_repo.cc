#include "storage/cash_moves_repo.h"

#include "base/check.h"

#define MAMON_CASH_MOVE_COLUMNS \
  "id, direction, amount_cents, reason, personnel_id, bar_cycle_id, created_at_us"

namespace mamon::storage {
namespace {

CashMove cash_move_from_row(const Row& row) {
  CashMove m;
  m.id = row.get_int(0);
  auto direction = domain::cash_move_direction_from_name(row.get_text(1));
  MAMON_CHECK_MSG(direction.ok(), "the schema allows only 'in' and 'out'");
  m.direction = *direction;
  m.amount = Cents(row.get_int(2));
  m.reason = row.get_text(3);
  m.personnel_id = row.get_int(4);
  m.bar_cycle_id = row.get_opt_int(5);
  m.created_at_us = row.get_int(6);
  return m;
}

}  // namespace

Result<CashMove> insert_cash_move(Transaction& tx, const CashMove& move) {
  MAMON_TRY(QueryResult r,
            tx.query("INSERT INTO cash_moves (direction, amount_cents, reason, personnel_id, "
                     "bar_cycle_id, created_at_us) VALUES ($1, $2, $3, $4, $5, $6) "
                     "RETURNING " MAMON_CASH_MOVE_COLUMNS,
                     {std::string(domain::cash_move_direction_name(move.direction)),
                      move.amount.value(), move.reason, move.personnel_id,
                      param_or_null(move.bar_cycle_id), move.created_at_us}));
  return cash_move_from_row(r.rows.at(0));
}

Result<std::vector<CashMove>> cash_moves_of_bar_cycle(Transaction& tx, std::int64_t bar_cycle_id) {
  MAMON_TRY(QueryResult r, tx.query("SELECT " MAMON_CASH_MOVE_COLUMNS " FROM cash_moves "
                                    "WHERE bar_cycle_id = $1 ORDER BY created_at_us, id",
                                    {bar_cycle_id}));
  std::vector<CashMove> out;
  out.reserve(r.rows.size());
  for (const Row& row : r.rows) out.push_back(cash_move_from_row(row));
  return out;
}

}  // namespace mamon::storage
