#include "service/member_service.h"

#include <algorithm>
#include <map>
#include <string>

#include "base/limits.h"
#include "service/transactions.h"
#include "storage/holders_repo.h"
#include "storage/ledger_repo.h"
#include "storage/products_repo.h"
#include "storage/purchases_repo.h"

namespace mamon::service {
namespace {

Error holder_not_found(std::int64_t holder_id) {
  return make_error(ErrorCode::kHolderNotFound,
                    "Holder " + std::to_string(holder_id) + " does not exist.", "holder");
}

Status validate_months(int months) {
  if (months < 1 || months > limits::kSpendingMonthsMax) {
    return make_error(
        ErrorCode::kInvalidInput,
        "months must be between 1 and " + std::to_string(limits::kSpendingMonthsMax) + ".",
        "months");
  }
  return ok_status();
}

Result<Page<TimelineEntry>> read_timeline(storage::Transaction& tx, const domain::Holder& holder,
                                          const PageRequest& page) {
  Page<TimelineEntry> out;
  MAMON_TRY(out.total, storage::count_timeline(tx, holder.id, holder.account_id));
  MAMON_TRY(out.items, storage::list_timeline(tx, holder.id, holder.account_id, page.page_size,
                                              page_offset(page)));
  return out;
}

Result<std::vector<MonthSpending>> read_spending(storage::Transaction& tx, const Clock& clock,
                                                 std::int64_t holder_id, int months) {
  // The `months` local months ending with the current one, oldest first.
  LocalDate first = first_of_month(local_date_of(clock.now_us()));
  for (int back = 1; back < months; ++back) first = first_of_month(add_days(first, -1));
  std::vector<LocalDate> starts;
  std::vector<TimestampUs> edges;
  for (LocalDate m = first; starts.size() < static_cast<std::size_t>(months); m = next_month(m)) {
    starts.push_back(m);
    edges.push_back(start_of_local_day(m));
  }
  edges.push_back(start_of_local_day(next_month(starts.back())));
  MAMON_TRY(std::vector<Cents> sums, storage::spending_per_period(tx, holder_id, edges));
  std::vector<MonthSpending> out;
  for (std::size_t i = 0; i < starts.size(); ++i) {
    out.push_back({starts[i], TimeRange{edges[i], edges[i + 1]}, sums[i]});
  }
  return out;
}

// The holder, if it exists and the caller may read it.
Result<domain::Holder> readable_holder(storage::Transaction& tx, const domain::Caller& caller,
                                       std::int64_t holder_id) {
  if (!may_read_holder_money(caller, holder_id)) return holder_not_found(holder_id);
  return storage::find_holder(tx, holder_id);
}

std::string lower_ascii(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

}  // namespace

bool may_read_holder_money(const domain::Caller& caller, std::int64_t holder_id) {
  return caller.holder_id == holder_id ||
         domain::has_permission(caller, domain::Permission::kViewReports);
}

Result<MemberHome> member_home(storage::Database& db, const Clock& clock,
                               const domain::Caller& caller, std::int64_t holder_id,
                               const PageRequest& page, int months) {
  MAMON_RETURN_IF_ERROR(validate_page_request(page));
  MAMON_RETURN_IF_ERROR(validate_months(months));
  return run_transaction(
      db, storage::TxMode::kRead, [&](storage::Transaction& tx) -> Result<MemberHome> {
        MAMON_TRY(domain::Holder holder, readable_holder(tx, caller, holder_id));
        MemberHome home;
        MAMON_TRY(home.holder, storage::find_holder_view(tx, holder.id));
        MAMON_TRY(storage::Account wallet, storage::find_account(tx, holder.account_id));
        home.credit_floor = wallet.floor;
        MAMON_TRY(home.timeline, read_timeline(tx, holder, page));
        MAMON_TRY(home.spending, read_spending(tx, clock, holder.id, months));
        return home;
      });
}

Result<Page<TimelineEntry>> list_timeline(storage::Database& db, const domain::Caller& caller,
                                          std::int64_t holder_id, const PageRequest& page) {
  MAMON_RETURN_IF_ERROR(validate_page_request(page));
  return run_transaction(db, storage::TxMode::kRead,
                         [&](storage::Transaction& tx) -> Result<Page<TimelineEntry>> {
                           MAMON_TRY(domain::Holder holder, readable_holder(tx, caller, holder_id));
                           return read_timeline(tx, holder, page);
                         });
}

Result<std::vector<MonthSpending>> spending_per_month(storage::Database& db, const Clock& clock,
                                                      const domain::Caller& caller,
                                                      std::int64_t holder_id, int months) {
  MAMON_RETURN_IF_ERROR(validate_months(months));
  return run_transaction(db, storage::TxMode::kRead,
                         [&](storage::Transaction& tx) -> Result<std::vector<MonthSpending>> {
                           MAMON_TRY(domain::Holder holder, readable_holder(tx, caller, holder_id));
                           return read_spending(tx, clock, holder.id, months);
                         });
}

Result<std::vector<CatalogueEntry>> member_catalogue(storage::Database& db,
                                                     const domain::Caller& caller) {
  return run_transaction(
      db, storage::TxMode::kRead,
      [&](storage::Transaction& tx) -> Result<std::vector<CatalogueEntry>> {
        MAMON_TRY(std::vector<domain::Product> products, storage::list_products(tx));
        std::map<std::int64_t, std::int64_t> bought;
        if (caller.holder_id) {
          MAMON_TRY(auto quantities, storage::quantities_bought_by_holder(tx, *caller.holder_id));
          bought.insert(quantities.begin(), quantities.end());
        }
        std::vector<CatalogueEntry> out;
        for (domain::Product& product : products) {
          if (!product.active) continue;
          auto it = bought.find(product.id);
          std::int64_t quantity = it == bought.end() ? 0 : it->second;
          out.push_back(CatalogueEntry{std::move(product), quantity});
        }
        std::stable_sort(out.begin(), out.end(),
                         [](const CatalogueEntry& a, const CatalogueEntry& b) {
                           return lower_ascii(a.product.name) < lower_ascii(b.product.name);
                         });
        return out;
      });
}

}  // namespace mamon::service
