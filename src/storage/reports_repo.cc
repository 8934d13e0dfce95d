#include "storage/reports_repo.h"

#include "domain/purchases.h"
#include "domain/wallet_upgrades.h"
#include "storage/repo_rows.h"

#define MAMON_REPORT_COLUMNS                                                              \
  "id, personnel_id, action, legacy_action, total_cash_cents, flow_meter1, flow_meter2, " \
  "comment, bar_cycle_id, imported, created_at_us, cash_breakdown, pin_total_cents"
#define MAMON_BAR_CYCLE_COLUMNS "id, opening_report_id, closing_report_id, imported"

namespace mamon::storage {
namespace {

domain::Report report_from_row(const Row& row) {
  domain::Report r;
  r.id = row.get_int(0);
  r.personnel_id = row.get_int(1);
  auto action = domain::report_action_from_name(row.get_text(2));
  MAMON_CHECK_MSG(action.ok(), "the schema allows only known report actions");
  r.action = *action;
  r.legacy_action = row.get_opt_text(3);
  r.total_cash = Cents(row.get_int(4));
  r.flow_meter1 = row.get_int(5);
  r.flow_meter2 = row.get_int(6);
  r.comment = row.get_text(7);
  r.bar_cycle_id = row.get_opt_int(8);
  r.imported = row.get_bool(9);
  r.created_at_us = row.get_int(10);
  r.cash_breakdown = row.get_opt_text(11);
  if (std::optional<std::int64_t> pin = row.get_opt_int(12)) r.pin_total = Cents(*pin);
  return r;
}

domain::BarCycle bar_cycle_from_row(const Row& row) {
  domain::BarCycle c;
  c.id = row.get_int(0);
  c.opening_report_id = row.get_int(1);
  c.closing_report_id = row.get_opt_int(2);
  c.imported = row.get_bool(3);
  return c;
}

// Adds `cents` to the field of `totals` that `method` names; unknown names are a schema bug.
void add_upgrade(domain::UpgradesByMethod& totals, const std::string& method, Cents cents) {
  auto parsed = domain::parse_upgrade_method(method);
  MAMON_CHECK_MSG(parsed.ok(), "the schema allows only known upgrade methods");
  switch (*parsed) {
    case domain::UpgradeMethod::kCash:
      totals.cash = cents;
      break;
    case domain::UpgradeMethod::kPin:
      totals.pin = cents;
      break;
    case domain::UpgradeMethod::kMollie:
      totals.mollie = cents;
      break;
    case domain::UpgradeMethod::kUnknown:
      totals.unknown = cents;
      break;
  }
}

}  // namespace

Result<domain::Report> insert_report(Transaction& tx, const NewReport& n) {
  MAMON_TRY(
      Row row,
      rows::single_row(
          tx.query("INSERT INTO reports (personnel_id, action, total_cash_cents, "
                   "flow_meter1, flow_meter2, comment, bar_cycle_id, created_at_us, "
                   "cash_breakdown, pin_total_cents) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
                   "RETURNING " MAMON_REPORT_COLUMNS,
                   {n.personnel_id, std::string(domain::report_action_name(n.action)),
                    n.total_cash.value(), n.flow_meter1, n.flow_meter2, n.comment,
                    param_or_null(n.bar_cycle_id), n.created_at_us, param_or_null(n.cash_breakdown),
                    n.pin_total ? Param(n.pin_total->value()) : Param(nullptr)}),
          make_error(ErrorCode::kInternal, "INSERT returned no row")));
  return report_from_row(row);
}

Status set_report_bar_cycle(Transaction& tx, std::int64_t report_id, std::int64_t bar_cycle_id) {
  MAMON_TRY(QueryResult r, tx.query("UPDATE reports SET bar_cycle_id = $1 WHERE id = $2",
                                    {bar_cycle_id, report_id}));
  if (r.affected_rows != 1) {
    return make_error(ErrorCode::kNotFound, "Report " + std::to_string(report_id) + " not found.");
  }
  return ok_status();
}

Status set_report_drawer_count(Transaction& tx, std::int64_t report_id, Cents drawer_ledger,
                               std::int64_t drawer_anchor_transfer_id) {
  MAMON_TRY(QueryResult r, tx.query("UPDATE reports SET drawer_ledger_cents = $1, "
                                    "drawer_anchor_transfer_id = $2 WHERE id = $3 RETURNING id",
                                    {drawer_ledger.value(), drawer_anchor_transfer_id, report_id}));
  if (r.rows.empty()) return make_error(ErrorCode::kNotFound, "No such report.");
  return ok_status();
}

Result<domain::Report> find_report(Transaction& tx, std::int64_t report_id) {
  MAMON_TRY(Row row,
            rows::single_row(
                tx.query("SELECT " MAMON_REPORT_COLUMNS " FROM reports WHERE id = $1", {report_id}),
                make_error(ErrorCode::kNotFound,
                           "Report " + std::to_string(report_id) + " does not exist.")));
  return report_from_row(row);
}

Result<std::int64_t> newest_report_id(Transaction& tx) {
  return rows::single_int(tx.query("SELECT COALESCE(MAX(id), 0) FROM reports"));
}

Result<std::vector<domain::Report>> list_reports(Transaction& tx, std::int64_t limit,
                                                 std::int64_t offset) {
  MAMON_TRY(QueryResult r, tx.query("SELECT " MAMON_REPORT_COLUMNS " FROM reports "
                                    "ORDER BY created_at_us DESC, id DESC LIMIT $1 OFFSET $2",
                                    {limit, offset}));
  std::vector<domain::Report> out;
  for (const Row& row : r.rows) out.push_back(report_from_row(row));
  return out;
}

Result<std::int64_t> count_reports(Transaction& tx) {
  return rows::single_int(tx.query("SELECT COUNT(*) FROM reports"));
}

Result<std::optional<domain::BarCycle>> find_open_bar_cycle(Transaction& tx) {
  MAMON_TRY(std::optional<Row> row,
            rows::optional_row(tx.query("SELECT " MAMON_BAR_CYCLE_COLUMNS
                                        " FROM bar_cycles WHERE closing_report_id IS NULL")));
  if (!row) return std::optional<domain::BarCycle>();
  return std::optional<domain::BarCycle>(bar_cycle_from_row(*row));
}

Result<domain::BarCycle> insert_bar_cycle(Transaction& tx, std::int64_t opening_report_id) {
  MAMON_TRY(Row row, rows::single_row(tx.query("INSERT INTO bar_cycles (opening_report_id) "
                                               "VALUES ($1) RETURNING " MAMON_BAR_CYCLE_COLUMNS,
                                               {opening_report_id}),
                                      make_error(ErrorCode::kInternal, "INSERT returned no row")));
  return bar_cycle_from_row(row);
}

Result<bool> close_bar_cycle(Transaction& tx, std::int64_t bar_cycle_id,
                             std::int64_t closing_report_id) {
  MAMON_TRY(QueryResult r, tx.query("UPDATE bar_cycles SET closing_report_id = $1 "
                                    "WHERE id = $2 AND closing_report_id IS NULL",
                                    {closing_report_id, bar_cycle_id}));
  return r.affected_rows == 1;
}

Result<domain::BarCycle> find_bar_cycle(Transaction& tx, std::int64_t bar_cycle_id) {
  MAMON_TRY(Row row,
            rows::single_row(
                tx.query("SELECT " MAMON_BAR_CYCLE_COLUMNS " FROM bar_cycles WHERE id = $1",
                         {bar_cycle_id}),
                make_error(ErrorCode::kNotFound,
                           "Bar cycle " + std::to_string(bar_cycle_id) + " does not exist.")));
  return bar_cycle_from_row(row);
}

Result<std::vector<domain::BarCycle>> list_bar_cycles(Transaction& tx, std::int64_t limit,
                                                      std::int64_t offset) {
  MAMON_TRY(QueryResult r, tx.query("SELECT " MAMON_BAR_CYCLE_COLUMNS " FROM bar_cycles "
                                    "ORDER BY id DESC LIMIT $1 OFFSET $2",
                                    {limit, offset}));
  std::vector<domain::BarCycle> out;
  for (const Row& row : r.rows) out.push_back(bar_cycle_from_row(row));
  return out;
}

Result<std::int64_t> count_bar_cycles(Transaction& tx) {
  return rows::single_int(tx.query("SELECT COUNT(*) FROM bar_cycles"));
}

Result<std::vector<domain::Report>> reports_of_bar_cycle(Transaction& tx,
                                                         std::int64_t bar_cycle_id) {
  MAMON_TRY(QueryResult r, tx.query("SELECT " MAMON_REPORT_COLUMNS " FROM reports "
                                    "WHERE bar_cycle_id = $1 ORDER BY created_at_us, id",
                                    {bar_cycle_id}));
  std::vector<domain::Report> out;
  for (const Row& row : r.rows) out.push_back(report_from_row(row));
  return out;
}

Result<std::vector<domain::Personnel>> staff_of_bar_cycle(Transaction& tx,
                                                          std::int64_t bar_cycle_id) {
  MAMON_TRY(QueryResult r, tx.query("SELECT " MAMON_PERSONNEL_COLUMNS " FROM personnel p "
                                    "WHERE p.id IN (SELECT r.personnel_id FROM reports r "
                                    "WHERE r.bar_cycle_id = $1) ORDER BY p.id",
                                    {bar_cycle_id}));
  std::vector<domain::Personnel> out;
  for (const Row& row : r.rows) out.push_back(rows::personnel_from_row(row, 0));
  return out;
}

Result<domain::BarCycleSums> bar_cycle_sums(Transaction& tx, TimestampUs from_us,
                                            TimestampUs to_us) {
  domain::BarCycleSums sums;
  MAMON_TRY(QueryResult sales,
            tx.query("SELECT method, COALESCE(SUM(total_cents), 0) FROM purchases "
                     "WHERE created_at_us >= $1 AND created_at_us <= $2 AND voided_at_us IS NULL "
                     "GROUP BY method",
                     {from_us, to_us}));
  for (const Row& row : sales.rows) {
    Cents cents(row.get_int(1));
    switch (rows::payment_method_from_row(row, 0)) {
      case domain::PaymentMethod::kBalance:
        sums.sales.balance = cents;
        break;
      case domain::PaymentMethod::kCash:
        sums.sales.cash = cents;
        break;
      case domain::PaymentMethod::kPin:
        sums.sales.pin = cents;
        break;
      case domain::PaymentMethod::kUnknown:
        sums.sales.unknown = cents;
        break;
    }
  }

  MAMON_TRY(QueryResult upgrades,
            tx.query("SELECT method, refund, COALESCE(SUM(amount_cents), 0) FROM wallet_upgrades "
                     "WHERE created_at_us >= $1 AND created_at_us <= $2 GROUP BY method, refund",
                     {from_us, to_us}));
  for (const Row& row : upgrades.rows) {
    add_upgrade(row.get_bool(1) ? sums.refunds : sums.top_ups, row.get_text(0),
                Cents(row.get_int(2)));
  }

  MAMON_TRY(QueryResult moves,
            tx.query("SELECT direction, COALESCE(SUM(amount_cents), 0) FROM cash_moves "
                     "WHERE created_at_us >= $1 AND created_at_us <= $2 GROUP BY direction",
                     {from_us, to_us}));
  for (const Row& row : moves.rows) {
    (row.get_text(0) == "in" ? sums.cash_moved_in : sums.cash_moved_out) = Cents(row.get_int(1));
  }

  MAMON_TRY(QueryResult products,
            tx.query("SELECT ol.product_id, pr.name, SUM(ol.quantity), "
                     "SUM(ol.quantity * ol.unit_price_cents) FROM order_lines ol "
                     "JOIN purchases p ON p.id = ol.purchase_id "
                     "JOIN products pr ON pr.id = ol.product_id "
                     "WHERE p.created_at_us >= $1 AND p.created_at_us <= $2 "
                     "AND p.voided_at_us IS NULL "
                     "GROUP BY ol.product_id, pr.name ORDER BY ol.product_id",
                     {from_us, to_us}));
  for (const Row& row : products.rows) {
    sums.products.push_back(domain::ProductSales{row.get_int(0), row.get_text(1), row.get_int(2),
                                                 Cents(row.get_int(3))});
  }
  return sums;
}

}  // namespace mamon::storage
