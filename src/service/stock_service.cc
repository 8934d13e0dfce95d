#include "service/stock_service.h"

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "base/limits.h"
#include "base/text.h"
#include "service/audit_trail.h"
#include "service/transactions.h"

namespace mamon::service {
namespace {

Error invalid(std::string field, std::string message) {
  return make_error(ErrorCode::kInvalidInput, std::move(message), std::move(field));
}

Status audit(storage::Transaction& tx, const Clock& clock, const domain::Caller& caller,
             std::string action, std::int64_t stock_item_id, nlohmann::json detail) {
  return record_change(tx, caller, action, "stock_item", stock_item_id, detail, clock.now_us());
}

nlohmann::json item_json(const storage::StockItemFields& f) {
  return {{"name", f.name},
          {"unit", std::string(domain::stock_unit_name(f.unit))},
          {"description", f.description}};
}

Result<storage::StockItemFields> check_item_input(const StockItemInput& input) {
  storage::StockItemFields out;
  out.name = trimmed(input.name);
  if (out.name.empty() || out.name.size() > limits::kNameLengthMax) {
    return invalid("name", "A name of 1 to 150 characters is required.");
  }
  std::optional<domain::StockUnit> unit = domain::parse_stock_unit(trimmed(input.unit));
  if (!unit) {
    return invalid("unit",
                   "Choose a unit: units, liters, grams, meters, pieces, bottles, packs, bags or "
                   "boxes.");
  }
  out.unit = *unit;
  out.description = trimmed(input.description);
  if (out.description.size() > limits::kCommentLengthMax) {
    return invalid("description", "A description has at most 2000 characters.");
  }
  return out;
}

// A duplicate name (the stock_items.name UNIQUE constraint) as the form's field error.
Error with_name_conflict(Error error) {
  if (error.code == ErrorCode::kConflict) {
    error.message = "A stock item with this name already exists.";
    error.field = "name";
  }
  return error;
}

// The typed mutation, checked (see the header), with its quantity in the item's steps.
Result<storage::NewStockMutation> check_mutation_input(const StockMutationInput& input,
                                                       const domain::StockItem& item) {
  storage::NewStockMutation out;
  out.stock_item_id = item.id;
  std::optional<domain::StockMutationKind> kind =
      domain::parse_stock_mutation_kind(trimmed(input.kind));
  if (!kind || !domain::is_manual_stock_mutation(*kind)) {
    return invalid("kind", "Choose delivery, count or loss.");
  }
  out.kind = *kind;
  MAMON_TRY(out.quantity_delta,
            domain::parse_stock_quantity(input.quantity, item.unit, "quantity"));
  MAMON_RETURN_IF_ERROR(domain::check_manual_mutation(out.kind, out.quantity_delta));
  if (item.quantity + out.quantity_delta > domain::kStockStepsAbsMax ||
      item.quantity + out.quantity_delta < -domain::kStockStepsAbsMax) {
    return invalid("quantity", "The stock would become too large.");
  }
  out.reason = trimmed(input.reason);
  if (out.reason.empty()) return invalid("reason", "Give a reason for the change.");
  if (out.reason.size() > limits::kCommentLengthMax) {
    return invalid("reason", "A reason has at most 2000 characters.");
  }
  if (input.cost_cents &&
      (*input.cost_cents < 0 || *input.cost_cents > limits::kMoneyAbsMaxCents)) {
    return invalid("cost", "A cost is an amount of 0 or more euros.");
  }
  out.cost_cents = input.cost_cents;
  return out;
}

}  // namespace

Status may_read_stock(const domain::Caller& caller) {
  if (domain::has_permission(caller, domain::Permission::kManageStock) ||
      domain::has_permission(caller, domain::Permission::kViewReports) ||
      domain::has_permission(caller, domain::Permission::kViewSales)) {
    return ok_status();
  }
  return domain::permission_denied_error(domain::Permission::kManageStock,
                                         "Only the board and bar staff can read the stock.");
}

Status may_manage_stock(const domain::Caller& caller) {
  if (domain::has_permission(caller, domain::Permission::kManageStock)) return ok_status();
  return domain::permission_denied_error(domain::Permission::kManageStock,
                                         "Only the board can change the stock.");
}

Result<std::vector<domain::StockItem>> list_stock(storage::Database& db,
                                                  const domain::Caller& caller) {
  MAMON_RETURN_IF_ERROR(may_read_stock(caller));
  return run_transaction(db, storage::TxMode::kRead,
                         [&](storage::Transaction& tx) { return storage::list_stock_items(tx); });
}

Result<StockDetail> get_stock(storage::Database& db, const domain::Caller& caller,
                              std::int64_t stock_item_id, const PageRequest& page) {
  MAMON_RETURN_IF_ERROR(may_read_stock(caller));
  MAMON_RETURN_IF_ERROR(validate_page_request(page));
  return run_transaction(
      db, storage::TxMode::kRead, [&](storage::Transaction& tx) -> Result<StockDetail> {
        StockDetail out;
        MAMON_TRY(out.item, storage::find_stock_item(tx, stock_item_id));
        MAMON_TRY(out.mutations.total, storage::count_stock_mutations(tx, stock_item_id));
        MAMON_TRY(out.mutations.items, storage::list_stock_mutations(
                                           tx, stock_item_id, page.page_size, page_offset(page)));
        MAMON_TRY(out.products, storage::products_drawing_from(tx, stock_item_id));
        return out;
      });
}

Result<std::int64_t> create_stock_item(storage::Database& db, const Clock& clock,
                                       const domain::Caller& caller, const StockItemInput& input) {
  MAMON_RETURN_IF_ERROR(may_manage_stock(caller));
  MAMON_TRY(storage::StockItemFields fields, check_item_input(input));
  return run_transaction(
      db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<std::int64_t> {
        Result<std::int64_t> id = storage::insert_stock_item(tx, fields, clock.now_us());
        if (!id.ok()) return with_name_conflict(std::move(id).error());
        MAMON_RETURN_IF_ERROR(audit(tx, clock, caller, "create_stock_item", *id,
                                    {{"before", nullptr}, {"after", item_json(fields)}}));
        return *id;
      });
}

Status update_stock_item(storage::Database& db, const Clock& clock, const domain::Caller& caller,
                         std::int64_t stock_item_id, const StockItemInput& input) {
  MAMON_RETURN_IF_ERROR(may_manage_stock(caller));
  MAMON_TRY(storage::StockItemFields after, check_item_input(input));
  return run_transaction(db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Status {
    MAMON_TRY(domain::StockItem item, storage::find_stock_item(tx, stock_item_id));
    if (!domain::same_measure(item.unit, after.unit)) {
      return invalid("unit", "The unit can change only to one that measures the same (" +
                                 std::string(domain::stock_unit_name(item.unit)) +
                                 "): its quantity would mean something else.");
    }
    const storage::StockItemFields before{item.name, item.unit, item.description};
    const nlohmann::json before_json = item_json(before);
    const nlohmann::json after_json = item_json(after);
    if (before_json == after_json) return ok_status();
    Status updated = storage::update_stock_item(tx, stock_item_id, after);
    if (!updated.ok()) return with_name_conflict(std::move(updated).error());
    return audit(tx, clock, caller, "update_stock_item", stock_item_id,
                 {{"before", before_json}, {"after", after_json}});
  });
}

Result<AddedStockMutation> add_stock_mutation(storage::Database& db, const Clock& clock,
                                              const domain::Caller& caller,
                                              std::int64_t stock_item_id,
                                              const StockMutationInput& input) {
  MAMON_RETURN_IF_ERROR(may_manage_stock(caller));
  return run_transaction(
      db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<AddedStockMutation> {
        MAMON_TRY(domain::StockItem item, storage::find_stock_item(tx, stock_item_id));
        MAMON_TRY(storage::NewStockMutation m, check_mutation_input(input, item));
        m.user_id = caller.user_id;
        m.created_at_us = clock.now_us();
        // ---- Checked: the quantity and its mutation are written together. ----
        MAMON_TRY(storage::InsertedStockMutation inserted, storage::insert_stock_mutation(tx, m));
        AddedStockMutation out;
        out.mutation.id = inserted.id;
        out.mutation.stock_item_id = item.id;
        out.mutation.kind = m.kind;
        out.mutation.quantity_delta = m.quantity_delta;
        out.mutation.reason = m.reason;
        out.mutation.cost_cents = m.cost_cents;
        out.mutation.user_id = m.user_id;
        out.mutation.created_at_us = m.created_at_us;
        nlohmann::json detail = {
            {"mutation", inserted.id},
            {"kind", std::string(domain::stock_mutation_kind_name(m.kind))},
            {"quantity_delta", m.quantity_delta},
            {"reason", m.reason},
            {"cost_cents", m.cost_cents ? nlohmann::json(*m.cost_cents) : nlohmann::json(nullptr)},
            {"before", {{"quantity", item.quantity}}},
            {"after", {{"quantity", inserted.quantity_after}}}};
        MAMON_RETURN_IF_ERROR(audit(tx, clock, caller, "add_stock_mutation", item.id, detail));
        item.quantity = inserted.quantity_after;
        out.item = std::move(item);
        return out;
      });
}

Status draw_stock_for_sale(storage::Transaction& tx, const domain::Purchase& purchase,
                           std::span<const domain::Product> products) {
  std::vector<storage::SaleDraw> draws;
  for (const domain::OrderLine& line : purchase.lines) {
    for (const domain::Product& p : products) {
      if (p.id != line.product_id) continue;
      if (p.master_stock_id && p.units_per_sale != 0) {
        draws.push_back({*p.master_stock_id, line.id, -line.quantity * p.units_per_sale});
      }
      break;
    }
  }
  if (draws.empty()) return ok_status();
  return storage::record_sale_draws(tx, purchase.id, std::nullopt, "sale", draws,
                                    purchase.created_at_us);
}

Status restore_stock_for_voided_purchase(storage::Transaction& tx, std::int64_t purchase_id,
                                         std::optional<std::int64_t> user_id, TimestampUs now_us) {
  MAMON_TRY(std::vector<domain::StockMutation> mutations,
            storage::sale_mutations_of_purchase(tx, purchase_id));
  // A line is given back once: a positive 'sale' mutation on it means it was.
  std::set<std::int64_t> restored;
  for (const domain::StockMutation& m : mutations) {
    if (m.quantity_delta > 0 && m.order_line_id) restored.insert(*m.order_line_id);
  }
  std::vector<storage::SaleDraw> returns;
  for (const domain::StockMutation& m : mutations) {
    if (m.quantity_delta >= 0 || !m.order_line_id || restored.count(*m.order_line_id) != 0) {
      continue;
    }
    returns.push_back({m.stock_item_id, *m.order_line_id, -m.quantity_delta});
  }
  if (returns.empty()) return ok_status();
  return storage::record_sale_draws(
      tx, purchase_id, user_id, "void of purchase " + std::to_string(purchase_id), returns, now_us);
}

}  // namespace mamon::service
