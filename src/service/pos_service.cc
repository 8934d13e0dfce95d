#include "service/pos_service.h"

#include <set>
#include <utility>

#include "service/products_service.h"
#include "service/transactions.h"
#include "storage/reports_repo.h"

namespace mamon::service {

Status may_use_pos(const domain::Caller& caller) {
  if (domain::can_sell(caller)) return ok_status();
  if (domain::has_permission(caller, domain::Permission::kSell)) {
    Error error = make_error(ErrorCode::kNotPersonnel,
                             "The POS is for active bar staff: you have no active staff record.");
    error.permission = std::string(domain::permission_name(domain::Permission::kSell));
    return error;
  }
  return domain::permission_denied_error(domain::Permission::kSell,
                                         "The POS is for bar staff who may sell.");
}

Result<PosCatalogue> pos_catalogue(storage::Database& db, const domain::Caller& caller) {
  MAMON_RETURN_IF_ERROR(may_use_pos(caller));
  MAMON_TRY(std::vector<domain::Category> categories, list_categories(db, ProductFilter::kActive));
  MAMON_TRY(std::vector<domain::Product> products, list_products(db, ProductFilter::kActive));
  PosCatalogue out;
  std::set<std::int64_t> placed;
  for (domain::Category& category : categories) {
    if (category.products.empty()) continue;
    for (const domain::Product& p : category.products) placed.insert(p.id);
    out.categories.push_back(std::move(category));
  }
  for (domain::Product& p : products) {
    if (!placed.contains(p.id)) out.uncategorised.push_back(std::move(p));
  }
  return out;
}

Result<PosCycleState> pos_cycle_state(storage::Database& db, const domain::Caller& caller) {
  MAMON_RETURN_IF_ERROR(may_use_pos(caller));
  MAMON_TRY(std::optional<domain::BarCycle> open_cycle,
            run_transaction(db, storage::TxMode::kRead, [](storage::Transaction& tx) {
              return storage::find_open_bar_cycle(tx);
            }));
  return PosCycleState{.cycle_open = open_cycle.has_value(),
                       .may_file_report = domain::can_file_report(caller),
                       .may_link_cards = domain::can_manage_any_card(caller)};
}

}  // namespace mamon::service
