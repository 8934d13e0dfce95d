// Stock of the import plan (see import_plan.h): inventory.stock becomes a stock item whose
// quantity is one opening 'import' mutation; inventory.stockmutations are kept as history only
// (imported = true), never applied again; products draw `units` of their master_stock.
#include <algorithm>

#include "domain/products.h"
#include "service/import/field_reader.h"
#include "service/import/import_planner.h"

namespace mamon::service::import {
namespace {

// Decimal places that turn whole units into smallest steps (3 for 1000 steps, 0 for 1).
int step_decimals(domain::StockUnit unit) {
  return domain::steps_per_unit(unit) == 1 ? 0 : 3;
}

std::string history_kind(std::int64_t delta) {
  if (delta > 0) return "delivery";
  if (delta < 0) return "loss";
  return "count";
}

}  // namespace

Status Planner::plan_stock() {
  plan_.counts.quantities_rounded = data_.quantities_rounded;  // inventory.stock, by the parser
  std::map<std::string, const DumpStock*> names;
  for (const DumpStock& s : data_.stocks) {
    if (auto [it, inserted] = names.emplace(s.name, &s); !inserted) {
      return bad(
          s, "duplicate stock name '" + s.name + "' (also " + describe_record(*it->second) + ")");
    }
    plan_.batch.stock_items.push_back(
        {*s.pk, s.name, s.unit, s.quantity_steps, s.description, now_us_});
  }
  plan_.counts.stock_items = static_cast<std::int64_t>(plan_.batch.stock_items.size());

  for (const DumpStockMutation& m : data_.stock_mutations) {
    auto stock = stocks_.find(m.stock);
    if (stock == stocks_.end()) {
      return bad(m, "reference to missing stock " + std::to_string(m.stock));
    }
    const domain::StockUnit unit = *domain::parse_stock_unit(stock->second->unit);
    // The old system added the quantity to the stock whatever the mutation's `units` said.
    if (m.unit && *m.unit != stock->second->unit) {
      const domain::StockUnit own = *domain::parse_stock_unit(*m.unit);
      if (!domain::same_measure(own, unit)) {
        warn(m, "is in " + *m.unit + " but stock " + std::to_string(m.stock) + " counts " +
                    stock->second->unit + "; taken as " + stock->second->unit +
                    ", as the old system added it");
      }
    }
    bool rounded = false;
    auto steps = decimal_steps(m.quantity, step_decimals(unit), &rounded);
    if (!steps) return bad(m, "field 'quantity' " + steps.error().message);
    if (rounded) ++plan_.counts.quantities_rounded;
    storage::ImportStockMutationRow row;
    row.id = *m.pk;
    row.stock_item_id = m.stock;
    row.kind = history_kind(*steps);
    row.quantity_delta = *steps;
    row.reason = m.comment;
    if (m.cost) row.cost_cents = m.cost->value();
    row.imported = true;
    row.created_at_us = m.date_us;
    plan_.batch.stock_mutations.push_back(std::move(row));
  }
  plan_.counts.stock_history = static_cast<std::int64_t>(plan_.batch.stock_mutations.size());

  // The opening mutation of each stock: its quantity in the dump, the only one that counts.
  std::int64_t next = std::max(floors_.stock_mutations,
                               stock_mutations_.empty() ? 0 : stock_mutations_.rbegin()->first) +
                      1;
  for (const storage::ImportStockItemRow& s : plan_.batch.stock_items) {
    if (s.quantity == 0) continue;
    storage::ImportStockMutationRow row;
    row.id = next++;
    row.stock_item_id = s.id;
    row.kind = "import";
    row.quantity_delta = s.quantity;
    row.reason = "stock in the old system at the import";
    row.imported = false;
    row.created_at_us = now_us_;
    plan_.batch.stock_mutations.push_back(std::move(row));
    ++plan_.counts.stock_openings;
  }
  return ok_status();
}

Status Planner::plan_product_stock(const DumpProduct& p, storage::ImportProductRow& row) {
  domain::StockUnit unit = domain::StockUnit::kUnits;  // no stock: thousandths of a piece
  if (p.master_stock) {
    auto stock = stocks_.find(*p.master_stock);
    if (stock == stocks_.end()) {
      return bad(
          p, "reference to missing stock " + std::to_string(*p.master_stock) + " (master_stock)");
    }
    unit = *domain::parse_stock_unit(stock->second->unit);
    row.stock_item_id = *p.master_stock;
    ++plan_.counts.products_with_stock;
  }
  if (!p.units) {
    row.units_per_sale = domain::steps_per_unit(unit);
    return ok_status();
  }
  bool rounded = false;
  auto steps = decimal_steps(*p.units, step_decimals(unit), &rounded);
  if (!steps) return bad(p, "field 'units' " + steps.error().message);
  if (rounded) {
    ++plan_.counts.units_rounded;
    warn(p, "units " + *p.units + " is finer than the stock unit's smallest step; rounded to " +
                std::to_string(*steps) + " step(s)");
  }
  row.units_per_sale = *steps;
  return ok_status();
}

}  // namespace mamon::service::import
