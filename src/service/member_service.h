// What a member reads about their own money (WEB.md §2 `/home/`, `/products/`): the balance, one
// timeline of every purchase, top-up, refund and online top-up, the spending per local month, and
// the catalogue with the quantities they bought. Plain results (cents, counts, instants); the
// pages format them. Each call is one read transaction.
//
// Access: any caller reads their own holder's; a caller who may view reports reads any holder's
// (the board's read-only holder detail, /board/holders/{id}/, uses the same calls). Anybody
// else's holder is kHolderNotFound, so that a member cannot probe which holders exist.
//
// Thread-safe: every call takes its own pooled connection; the Clock and Database are shared.
#pragma once

#include <cstdint>
#include <vector>

#include "base/clock.h"
#include "base/local_time.h"
#include "base/money.h"
#include "base/result.h"
#include "domain/permissions.h"
#include "domain/products.h"
#include "domain/users.h"
#include "service/pages.h"
#include "storage/database.h"
#include "storage/member_repo.h"

namespace mamon::service {

using storage::TimelineEntry;
using storage::TimelineKind;
using storage::TimelineLine;

// One local calendar month (TIME_ZONE, base/local_time.h). Its edges are local midnights, so a
// month across a DST change is an hour shorter or longer than its days times 24 hours.
struct MonthSpending {
  LocalDate month;  // the first day of the month
  TimeRange span;   // [its local start, the next month's local start)
  Cents spent;  // sum of the totals of the holder's purchases (as buyer, any method) in it
};

struct MemberHome {
  domain::HolderView holder;  // with the balance
  Cents credit_floor;         // <= 0: the lowest balance the wallet may reach
  Page<TimelineEntry> timeline;
  std::vector<MonthSpending> spending;  // oldest first, ending with the current month
};

// Whether the caller may read holder `holder_id`'s money: their own, or anybody's with the
// reports permission (view_reports).
bool may_read_holder_money(const domain::Caller& caller, std::int64_t holder_id);

// Balance, one page of the timeline (storage::list_timeline's order: created_at_us DESC, kind,
// id DESC) and the spending of the last `months` local months (1..limits::kSpendingMonthsMax),
// read in one transaction. Errors, in order: kInvalidInput (page, or field "months");
// kHolderNotFound (no such holder, or one the caller may not read).
Result<MemberHome> member_home(storage::Database& db, const Clock& clock,
                               const domain::Caller& caller, std::int64_t holder_id,
                               const PageRequest& page,
                               int months = limits::kSpendingMonthsDefault);

// The timeline alone. Errors as member_home.
Result<Page<TimelineEntry>> list_timeline(storage::Database& db, const domain::Caller& caller,
                                          std::int64_t holder_id, const PageRequest& page);

// The spending alone. Errors as member_home.
Result<std::vector<MonthSpending>> spending_per_month(storage::Database& db, const Clock& clock,
                                                      const domain::Caller& caller,
                                                      std::int64_t holder_id, int months);

struct CatalogueEntry {
  domain::Product product;
  std::int64_t quantity_bought = 0;  // by the caller, as buyer, over all time
};

// The active products by name (case-insensitive, then id), each with the quantity the caller
// bought (one GROUP BY); zero everywhere for a caller without a holder.
Result<std::vector<CatalogueEntry>> member_catalogue(storage::Database& db,
                                                     const domain::Caller& caller);

}  // namespace mamon::service
