// The board's read-only details behind its purchases and holders lists (WEB.md §2,
// /board/purchases/{id}/ and /board/holders/{id}/), and the holder names those lists show.
// The underlying reads (purchases_service.h get_purchase, member_service.h member_home,
// cards_service.h list_holder_cards) also serve a member's own pages, so they let anybody read
// their own purchase or holder; the board's pages need the reports permission for every row,
// the caller's own included, so that a member never reaches a /board/ page. That check is here.
//
// Permission: domain::can_view_overviews (the named permission view_reports once merged); a
// caller without it gets kPermissionDenied before anything is read.
// Thread-safe: every call takes its own pooled connection; the Clock and Database are shared.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "domain/cards.h"
#include "domain/permissions.h"
#include "domain/users.h"
#include "service/member_service.h"
#include "service/pages.h"
#include "service/purchases_service.h"
#include "storage/database.h"

namespace mamon::service {

// One purchase with its lines and seller. Errors: kPermissionDenied; kNotFound.
Result<PurchaseView> get_board_purchase(storage::Database& db, const domain::Caller& caller,
                                        std::int64_t purchase_id);

// The holders named by `holder_ids` (duplicates allowed), by id, read in one transaction; ids
// of no holder are left out. For the buyer column of the purchases list and its export.
// Errors: kPermissionDenied; kInvalidInput when more than limits::kExportRowsMax ids are given.
Result<std::map<std::int64_t, domain::HolderView>> board_holder_names(
    storage::Database& db, const domain::Caller& caller, std::span<const std::int64_t> holder_ids);

// A holder as the board reads it: balance, credit floor, one page of the timeline
// (member_service.h member_home, spending of the current month only) and every card.
struct BoardHolderDetail {
  MemberHome home;
  std::vector<domain::Card> cards;  // blocked ones included, by id
};

// Errors, in order: kPermissionDenied; kInvalidInput (the page request); kHolderNotFound.
Result<BoardHolderDetail> board_holder_detail(storage::Database& db, const Clock& clock,
                                              const domain::Caller& caller, std::int64_t holder_id,
                                              const PageRequest& page);

}  // namespace mamon::service
