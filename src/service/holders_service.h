// Reading holders (API.md "Holders and cards"). Each call is one read transaction.
// Thread-safe: every call takes its own pooled connection; the Clock and Database are shared.
#pragma once

#include <cstdint>
#include <string>

#include "base/result.h"
#include "domain/permissions.h"
#include "domain/users.h"
#include "service/pages.h"
#include "storage/database.h"
#include "storage/holders_repo.h"

namespace mamon::service {

// Holders of non-system users by name, with the total count; `search` as in
// storage::HolderQuery (names, username, ledenbase id, card UID). Needs `link_cards`
// (by default Personnel, Bestuur; superusers), else kPermissionDenied. Error kInvalidInput for a bad page or a search longer
// than limits::kNameLengthMax.
Result<Page<domain::HolderView>> list_holders(storage::Database& db, const domain::Caller& caller,
                                              const std::string& search, const PageRequest& page);

// The caller's own holder, or any with `link_cards` (else kPermissionDenied).
// Error kHolderNotFound.
Result<domain::HolderView> get_holder(storage::Database& db, const domain::Caller& caller,
                                      std::int64_t holder_id);

// GET /api/holders/: list_holders for a caller who may search holders; for anybody else a page
// with only the caller's own holder (the search is ignored), or an empty page without one.
Result<Page<domain::HolderView>> list_visible_holders(storage::Database& db,
                                                      const domain::Caller& caller,
                                                      const std::string& search,
                                                      const PageRequest& page);

// The board's holders list (WEB.md §2, /board/holders/): the search of list_holders, sorted by
// name or by balance (lowest first), each row with floor, card count and last activity. The
// reports permission only (view_reports; kPermissionDenied). Errors as
// list_holders otherwise.
struct BoardHolderListRequest {
  std::string search;
  storage::HolderSort sort = storage::HolderSort::kName;
  PageRequest page;
};
Result<Page<storage::HolderListRow>> list_board_holders(storage::Database& db,
                                                        const domain::Caller& caller,
                                                        const BoardHolderListRequest& request);

}  // namespace mamon::service
