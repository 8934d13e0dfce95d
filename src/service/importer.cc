#include "service/importer.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/limits.h"
#include "service/import/dump_parser.h"
#include "service/transactions.h"
#include "storage/id_sequences.h"
#include "storage/import_repo.h"
#include "storage/system_rows.h"

namespace mamon::service {

Result<std::vector<ImportSource>> read_import_files(std::span<const std::string> paths) {
  std::vector<ImportSource> sources;
  for (const std::string& path : paths) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) return make_error(ErrorCode::kInvalidInput, path + ": cannot read: " + ec.message());
    if (size > limits::kImportFileBytesMax) {
      return make_error(ErrorCode::kInvalidInput, path + ": larger than the import limit");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error(ErrorCode::kInvalidInput, path + ": cannot open");
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return make_error(ErrorCode::kInvalidInput, path + ": read error");
    sources.push_back({std::filesystem::path(path).filename().string(), std::move(text).str()});
  }
  return sources;
}

Result<bool> database_has_data(storage::Database& db) {
  MAMON_TRY(auto tx, db.begin(storage::TxMode::kRead));
  return storage::has_user_data(*tx);
}

Result<ImportSummary> import_dump(storage::Database& db, std::span<const ImportSource> sources,
                                  const Clock& clock) {
  if (sources.empty()) return make_error(ErrorCode::kInvalidInput, "no dump files given");
  // Parse everything before touching the database: most bad dumps fail here.
  import::DumpData data;
  for (const ImportSource& source : sources) {
    MAMON_RETURN_IF_ERROR(import::parse_dump(source.name, source.text, data));
  }
  ImportSummary summary;
  summary.records_read = data.records_read;
  summary.skipped_by_label = data.skipped_by_label;
  summary.amounts_rounded = data.amounts_rounded;

  const TimestampUs now_us = clock.now_us();
  MAMON_TRY(std::unique_ptr<storage::Transaction> tx, db.begin(storage::TxMode::kWrite));
  MAMON_RETURN_IF_ERROR(storage::ensure_system_rows(*tx, now_us));
  // The dump's ids usually start at 1, like those `migrate` gave the system users: while nothing
  // refers to those yet, they step aside and are re-created above the imported ids below.
  MAMON_TRY(summary.system_users_moved, storage::remove_unreferenced_system_users(*tx));
  MAMON_TRY(storage::ImportIdFloors floors, storage::import_id_floors(*tx));
  MAMON_TRY(import::ImportPlan plan, import::plan_import(std::move(data), floors, now_us));
  if (Status inserted = storage::insert_import_batch(*tx, plan.batch); !inserted.ok()) {
    Error error = std::move(inserted).error();
    if (error.code == ErrorCode::kConflict) {
      error.message +=
          " (the import keeps the dump's primary keys: was this dump, or one with "
          "the same ids or names, imported already?)";
    }
    return error;
  }
  MAMON_RETURN_IF_ERROR(storage::reset_id_sequences(*tx));
  MAMON_RETURN_IF_ERROR(storage::ensure_system_rows(*tx, now_us));
  MAMON_RETURN_IF_ERROR(tx->commit());

  summary.counts = plan.counts;
  summary.warnings = std::move(plan.warnings);
  // The import is committed; fresh planner statistics only make the next queries fast, so a
  // failure here is a warning, not a failed import.
  Status analyzed = run_transaction(db, storage::TxMode::kWrite, [](storage::Transaction& stats) {
    return storage::refresh_planner_statistics(stats);
  });
  if (!analyzed.ok()) {
    summary.warnings.push_back("planner statistics not refreshed: " + analyzed.error().message);
  }
  return summary;
}

namespace {

void line(std::ostringstream& out, std::string_view name, std::int64_t count,
          std::string_view detail = {}) {
  out << "  " << name << ": " << count;
  if (!detail.empty()) out << " (" << detail << ")";
  out << "\n";
}

}  // namespace

std::string format_import_summary(const ImportSummary& s) {
  const import::PlanCounts& c = s.counts;
  std::ostringstream out;
  out << "read " << s.records_read << " records; imported:\n";
  line(out, "users", c.users,
       std::to_string(c.passwords_kept) + " Django password hashes kept, " +
           std::to_string(c.passwords_cleared) + " non-hash passwords cleared (no local password)");
  line(out, "groups", c.groups,
       std::to_string(c.group_links) + " user links, " + std::to_string(c.groups_existing) +
           " joined the existing group of the same name");
  line(out, "holders", c.holders_imported + c.holders_created,
       std::to_string(c.holders_imported) + " from the dump, " + std::to_string(c.holders_created) +
           " created for users without one, " + std::to_string(c.ledenbase_ids_cleared) +
           " ledenbase_id 0 set to none");
  line(out, "personnel", c.personnel, std::to_string(c.personnel_inactive) + " inactive");
  line(out, "products", c.products_imported + c.products_placeholder,
       std::to_string(c.products_imported) + " from the dump, " +
           std::to_string(c.products_placeholder) + " placeholders for missing products, " +
           std::to_string(c.products_with_stock) + " drawing from a stock item, " +
           std::to_string(c.units_rounded) + " units rounded to the stock's step");
  line(out, "stock items", c.stock_items,
       std::to_string(c.stock_openings) + " opening 'import' mutations, " +
           std::to_string(c.quantities_rounded) + " quantities rounded to the unit's step");
  line(out, "stock mutations kept as history", c.stock_history, "not applied again");
  line(out, "categories", c.categories);
  line(out, "purchases", c.purchases,
       std::to_string(c.order_lines) + " order lines, " +
           std::to_string(c.purchases_unknown_method) + " without payment method, " +
           std::to_string(c.orders_unreferenced) + " unreferenced orders dropped");
  line(out, "reports", c.reports, std::to_string(c.reports_other_action) + " with action 'other'");
  line(out, "bar cycles", c.bar_cycles);
  line(out, "wallet upgrades", c.wallet_upgrades,
       std::to_string(c.wallet_upgrades_unknown_method) + " without payment method, " +
           std::to_string(c.wallet_upgrades_created) + " created for paid Mollie payments");
  line(out, "mollie payments", c.mollie_payments);
  line(out, "cards", c.cards, std::to_string(c.card_ids_upper_cased) + " card ids upper-cased");
  line(out, "meals", c.meals);
  line(out, "meal sign-ups", c.meal_signups,
       std::to_string(c.meal_signups_paid) + " marked paid in the old system (no transfer), " +
           std::to_string(c.meal_signups_created) + " created for a payment without sign-up, " +
           std::to_string(c.meal_signups_merged) + " merged, " +
           std::to_string(c.meal_signups_empty) + " with 0 portions dropped");
  line(out, "client applications", c.client_applications,
       std::to_string(c.client_paths) + " paths, " + std::to_string(c.client_administrators) +
           " administrators");
  line(out, "history entries (audit log)", c.history_entries);
  line(out, "transfers", c.transfers, std::to_string(c.opening_balances) + " opening balances");
  if (s.system_users_moved) {
    out << "system users Cash and Pin were re-created above the imported ids\n";
  }
  out << "money values rounded to cents: " << s.amounts_rounded << "\n";
  out << "records recovered without model: " << c.recovered_records << "\n";
  std::int64_t skipped = 0;
  for (const auto& [label, count] : s.skipped_by_label) skipped += count;
  out << "skipped " << skipped << " records of models Mamon does not keep:\n";
  for (const auto& [label, count] : s.skipped_by_label) line(out, label, count);
  out << "warnings: " << s.warnings.size() << "\n";
  for (const std::string& warning : s.warnings) out << "  - " << warning << "\n";
  return std::move(out).str();
}

}  // namespace mamon::service
