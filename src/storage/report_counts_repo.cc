#include "storage/report_counts_repo.h"

#include <limits>

#include "storage/repo_rows.h"

#define MAMON_REPORT_COUNT_COLUMNS                                                           \
  "id, personnel_id, action, bar_cycle_id, state_report_id, counted_cents, cash_breakdown, " \
  "pin_total_cents, expected_cents, flow_meter1, flow_meter2, comment, created_at_us, "      \
  "confirmed_report_id"

namespace mamon::storage {
namespace {

ReportCount report_count_from_row(const Row& row) {
  ReportCount c;
  c.id = row.get_int(0);
  c.personnel_id = row.get_int(1);
  auto action = domain::report_action_from_name(row.get_text(2));
  MAMON_CHECK_MSG(action.ok(), "the schema allows only open, middle and close");
  c.action = *action;
  c.bar_cycle_id = row.get_opt_int(3);
  c.state_report_id = row.get_int(4);
  c.counted = Cents(row.get_int(5));
  c.cash_breakdown = row.get_opt_text(6);
  if (std::optional<std::int64_t> pin = row.get_opt_int(7)) c.pin_total = Cents(*pin);
  c.expected = Cents(row.get_int(8));
  c.flow_meter1 = row.get_int(9);
  c.flow_meter2 = row.get_int(10);
  c.comment = row.get_text(11);
  c.created_at_us = row.get_int(12);
  c.confirmed_report_id = row.get_opt_int(13);
  return c;
}

}  // namespace

Result<ReportCount> insert_report_count(Transaction& tx, const NewReportCount& n) {
  MAMON_CHECK_MSG(n.action != domain::ReportAction::kOther, "a count is open, middle or close");
  MAMON_TRY(
      Row row,
      rows::single_row(
          tx.query("INSERT INTO report_counts (personnel_id, action, bar_cycle_id, "
                   "state_report_id, counted_cents, cash_breakdown, pin_total_cents, "
                   "expected_cents, flow_meter1, flow_meter2, comment, created_at_us) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
                   "RETURNING " MAMON_REPORT_COUNT_COLUMNS,
                   {n.personnel_id, std::string(domain::report_action_name(n.action)),
                    param_or_null(n.bar_cycle_id), n.state_report_id, n.counted.value(),
                    param_or_null(n.cash_breakdown),
                    n.pin_total ? Param(n.pin_total->value()) : Param(nullptr), n.expected.value(),
                    n.flow_meter1, n.flow_meter2, n.comment, n.created_at_us}),
          make_error(ErrorCode::kInternal, "INSERT returned no row")));
  return report_count_from_row(row);
}

Result<ReportCount> find_report_count(Transaction& tx, std::int64_t count_id) {
  MAMON_TRY(Row row,
            rows::single_row(
                tx.query("SELECT " MAMON_REPORT_COUNT_COLUMNS " FROM report_counts WHERE id = $1",
                         {count_id}),
                make_error(ErrorCode::kNotFound,
                           "Count " + std::to_string(count_id) + " does not exist.", "count")));
  return report_count_from_row(row);
}

Result<bool> set_report_count_confirmed(Transaction& tx, std::int64_t count_id,
                                        std::int64_t report_id) {
  MAMON_TRY(QueryResult r, tx.query("UPDATE report_counts SET confirmed_report_id = $1 "
                                    "WHERE id = $2 AND confirmed_report_id IS NULL",
                                    {report_id, count_id}));
  return r.affected_rows == 1;
}

Result<std::vector<ReportCount>> report_counts_of_bar_cycle(
    Transaction& tx, std::int64_t opening_report_id, std::optional<std::int64_t> closing_report_id) {
  MAMON_TRY(QueryResult r,
            tx.query("SELECT " MAMON_REPORT_COUNT_COLUMNS " FROM report_counts "
                     "WHERE state_report_id >= (SELECT COALESCE(MAX(id), 0) FROM reports "
                     "WHERE id < $1) AND state_report_id < $2 "
                     "ORDER BY created_at_us, id",
                     {opening_report_id,
                      closing_report_id.value_or(std::numeric_limits<std::int64_t>::max())}));
  std::vector<ReportCount> out;
  for (const Row& row : r.rows) out.push_back(report_count_from_row(row));
  return out;
}

}  // namespace mamon::storage
