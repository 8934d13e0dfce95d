#include "service/board_details_service.h"

#include "base/limits.h"
#include "service/cards_service.h"
#include "service/transactions.h"
#include "storage/holders_repo.h"

namespace mamon::service {
namespace {

Status require_reports(const domain::Caller& caller) {
  if (!domain::has_permission(caller, domain::Permission::kViewReports)) {
    return domain::permission_denied_error(domain::Permission::kViewReports,
                                           "Only the board can read this page.");
  }
  return ok_status();
}

}  // namespace

Result<PurchaseView> get_board_purchase(storage::Database& db, const domain::Caller& caller,
                                        std::int64_t purchase_id) {
  MAMON_RETURN_IF_ERROR(require_reports(caller));
  return get_purchase(db, caller, purchase_id);
}

Result<std::map<std::int64_t, domain::HolderView>> board_holder_names(
    storage::Database& db, const domain::Caller& caller, std::span<const std::int64_t> holder_ids) {
  MAMON_RETURN_IF_ERROR(require_reports(caller));
  if (holder_ids.size() > static_cast<std::size_t>(limits::kExportRowsMax)) {
    return make_error(ErrorCode::kInvalidInput, "Too many holders asked for.");
  }
  return run_transaction(
      db, storage::TxMode::kRead,
      [&](storage::Transaction& tx) -> Result<std::map<std::int64_t, domain::HolderView>> {
        std::map<std::int64_t, domain::HolderView> out;
        for (std::int64_t id : holder_ids) {
          if (out.contains(id)) continue;
          Result<domain::HolderView> view = storage::find_holder_view(tx, id);
          if (view.ok()) {
            out.emplace(id, std::move(*view));
          } else if (view.error().code != ErrorCode::kHolderNotFound) {
            return view.error();
          }
        }
        return out;
      });
}

Result<BoardHolderDetail> board_holder_detail(storage::Database& db, const Clock& clock,
                                              const domain::Caller& caller, std::int64_t holder_id,
                                              const PageRequest& page) {
  MAMON_RETURN_IF_ERROR(require_reports(caller));
  BoardHolderDetail out;
  MAMON_TRY(out.home, member_home(db, clock, caller, holder_id, page, 1));
  MAMON_TRY(out.cards, list_holder_cards(db, caller, holder_id));
  return out;
}

}  // namespace mamon::service
