#include "service/holders_service.h"

#include "base/limits.h"
#include "service/transactions.h"
#include "storage/holders_repo.h"

namespace mamon::service {

Result<Page<domain::HolderView>> list_holders(storage::Database& db, const domain::Caller& caller,
                                              const std::string& search, const PageRequest& page) {
  if (!domain::can_search_holders(caller)) {
    return domain::permission_denied_error(domain::Permission::kLinkCards,
                                           "Only bar staff can list holders.");
  }
  MAMON_RETURN_IF_ERROR(validate_page_request(page));
  if (search.size() > limits::kNameLengthMax) {
    return make_error(ErrorCode::kInvalidInput, "The search is too long.", "search");
  }
  storage::HolderQuery query;
  query.search = search;
  query.limit = page.page_size;
  query.offset = page_offset(page);
  return run_transaction(db, storage::TxMode::kRead,
                         [&](storage::Transaction& tx) -> Result<Page<domain::HolderView>> {
                           Page<domain::HolderView> out;
                           MAMON_TRY(out.total, storage::count_holders(tx, query));
                           MAMON_TRY(out.items, storage::list_holder_views(tx, query));
                           return out;
                         });
}

Result<domain::HolderView> get_holder(storage::Database& db, const domain::Caller& caller,
                                      std::int64_t holder_id) {
  if (!domain::can_view_holder(caller, holder_id)) {
    return domain::permission_denied_error(domain::Permission::kLinkCards,
                                           "You may only see your own wallet.");
  }
  return run_transaction(db, storage::TxMode::kRead, [&](storage::Transaction& tx) {
    return storage::find_holder_view(tx, holder_id);
  });
}

Result<Page<domain::HolderView>> list_visible_holders(storage::Database& db,
                                                      const domain::Caller& caller,
                                                      const std::string& search,
                                                      const PageRequest& page) {
  if (domain::can_search_holders(caller)) return list_holders(db, caller, search, page);
  MAMON_RETURN_IF_ERROR(validate_page_request(page));
  Page<domain::HolderView> out;
  if (!caller.holder_id) return out;
  MAMON_TRY(domain::HolderView own, get_holder(db, caller, *caller.holder_id));
  out.total = 1;
  if (page.page == 1) out.items.push_back(std::move(own));
  return out;
}

Result<Page<storage::HolderListRow>> list_board_holders(storage::Database& db,
                                                        const domain::Caller& caller,
                                                        const BoardHolderListRequest& request) {
  if (!domain::has_permission(caller, domain::Permission::kViewReports)) {
    return domain::permission_denied_error(domain::Permission::kViewReports,
                                           "Only the board can read the holders list.");
  }
  MAMON_RETURN_IF_ERROR(validate_page_request(request.page));
  if (request.search.size() > limits::kNameLengthMax) {
    return make_error(ErrorCode::kInvalidInput, "The search is too long.", "search");
  }
  storage::HolderListQuery query;
  query.search = request.search;
  query.sort = request.sort;
  query.limit = request.page.page_size;
  query.offset = page_offset(request.page);
  return run_transaction(db, storage::TxMode::kRead,
                         [&](storage::Transaction& tx) -> Result<Page<storage::HolderListRow>> {
                           Page<storage::HolderListRow> out;
                           MAMON_TRY(out.total, storage::count_holders(tx, {request.search, 0, 0}));
                           MAMON_TRY(out.items, storage::list_holder_rows(tx, query));
                           return out;
                         });
}

}  // namespace mamon::service
