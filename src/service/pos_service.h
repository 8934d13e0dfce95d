// The web POS (issue 12 item 1; WEB.md §2b /pos/): who may open it, and what its tiles show.
// The POS sells, tops up, undoes and links cards through the bar app's own API (API.md) with
// tokens issued for the session's user (AuthService::issue_for_user) or for staff who sign in on
// the tablet, so every rule of a sale lives in one place (purchases_service.h).
// Thread-safe: every call takes its own pooled connection.
#pragma once

#include <vector>

#include "base/result.h"
#include "domain/permissions.h"
#include "domain/products.h"
#include "storage/database.h"

namespace mamon::service {

// OK for a caller who may sell (permission sell and an active personnel record, as a sale
// needs); else kPermissionDenied naming "sell" (kNotPersonnel when only the record is missing).
Status may_use_pos(const domain::Caller& caller);

// The tiles: every category with its active products (in the category's order; categories
// without any are left out), then the active products in no category.
struct PosCatalogue {
  std::vector<domain::Category> categories;
  std::vector<domain::Product> uncategorised;
};
Result<PosCatalogue> pos_catalogue(storage::Database& db, const domain::Caller& caller);

// What the POS's count, cash and card-link screens start from (the server checks every action
// again): whether a bar cycle is open now (so the count screen offers opening, or middle and
// closing), whether the caller may count and move cash (file_report and an active personnel
// record), and whether they may link a scanned card to a holder (link_cards).
struct PosCycleState {
  bool cycle_open = false;
  bool may_file_report = false;
  bool may_link_cards = false;
};
// Error kPermissionDenied / kNotPersonnel as may_use_pos.
Result<PosCycleState> pos_cycle_state(storage::Database& db, const domain::Caller& caller);

}  // namespace mamon::service
