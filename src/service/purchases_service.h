// Sales at the bar (API.md "Purchases"): sell, and read purchases back. Each call is one
// database transaction (service/transactions.h).
// Thread-safe: every call takes its own pooled connection; the Clock and Database are shared.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/result.h"
#include "domain/permissions.h"
#include "domain/purchases.h"
#include "domain/users.h"
#include "service/pages.h"
#include "storage/database.h"

namespace mamon::service {

struct SaleRequest {
  domain::PurchaseInput input;
  std::optional<std::string> idempotency_key;  // the Idempotency-Key header, if sent
};

// A purchase as the API shows it: with its seller.
struct PurchaseView {
  domain::Purchase purchase;
  domain::Personnel seller;
};

struct Sale {
  PurchaseView view;
  // True when the Idempotency-Key named an earlier identical request: `view` is that request's
  // purchase as stored (its balance_after is the balance right after it), and nothing moved now.
  bool replayed = false;
};

// Sells with the caller as the seller. Checks, in order, each with its named error:
//   caller has an active personnel record          kNotPersonnel
//   idempotency key well-formed                    kInvalidInput
//   domain::validate_purchase_input                kInvalidOrder / kInvalidPaymentMethod
//   key used before: same request -> replay; else  kIdempotencyKeyReused
//   seller's personnel record still active         kNotPersonnel
//   products exist / are active                    kProductNotFound / kProductInactive
//   total within limits                            kInvalidAmount
//   balance: buyer holder exists                   kHolderNotFound
//   balance: buyer's balance - total >= floor      kInsufficientFunds
// then writes: the wallet debit (conditional, so a concurrent sale that spent the money first
// still yields kInsufficientFunds with nothing written), the purchase with its lines (unit price
// snapshots) and balance_after, the stock its lines draw (stock_service.h draw_stock_for_sale),
// the transfer (none for a total of 0), the idempotency key.
// System holders ("Cash", "Pin") hold no money, so balance sales to them fail on the floor.
Result<Sale> sell(storage::Database& db, const Clock& clock, const domain::Caller& caller,
                  const SaleRequest& request);

// Personnel, the board and superusers see every purchase; anybody else only those they bought
// (as buyer). Error kNotFound (also for a purchase the caller may not see).
Result<PurchaseView> get_purchase(storage::Database& db, const domain::Caller& caller,
                                  std::int64_t purchase_id);

// Newest first, with the total count; the same visibility rule as get_purchase.
// Error kInvalidInput for a bad page request.
Result<Page<PurchaseView>> list_purchases(storage::Database& db, const domain::Caller& caller,
                                          const PageRequest& page);

// The board's purchases list (WEB.md §2 "Purchases", /board/purchases/): every filter set
// narrows it (AND). A bar cycle stands for its time window, from its opening report to its
// closing report (both included, as the cycle's summary counts them) or to now while open.
struct PurchaseFilter {
  std::optional<TimestampUs> from_us;  // created_at_us >= from_us
  std::optional<TimestampUs> to_us;    // created_at_us < to_us (half-open)
  std::optional<domain::PaymentMethod> method;
  std::optional<std::int64_t> seller_personnel_id;
  std::optional<std::int64_t> buyer_holder_id;
  std::optional<std::int64_t> product_id;  // has a line of this product
  std::optional<std::int64_t> bar_cycle_id;
};

// One page (or every row) of the filtered purchases, newest first (created_at_us, then id,
// descending), with lines and sellers; `page.total` counts the whole filtered set, voided
// purchases included (they stay listed, marked), and `total_sum` sums those not voided ("N
// purchases, EUR X, M voided (not in the sum)").
struct PurchaseList {
  Page<PurchaseView> page;
  Cents total_sum;                // of the purchases that are not voided
  std::int64_t voided_count = 0;  // of page.total, how many are voided
};

// Checks, in order: the reports permission (view_reports; kPermissionDenied);
// an end before the start (kInvalidInput "end"); the page request (kInvalidInput); the bar cycle
// exists (kNotFound). Detail with lines: get_purchase.
Result<PurchaseList> list_board_purchases(storage::Database& db, const Clock& clock,
                                          const domain::Caller& caller,
                                          const PurchaseFilter& filter, const PageRequest& page);

// Exactly the filtered rows, all at once, for CSV / XLSX exports. Errors as list_board_purchases,
// and kInvalidInput (field "start") when more than limits::kExportRowsMax purchases match.
Result<PurchaseList> export_board_purchases(storage::Database& db, const Clock& clock,
                                            const domain::Caller& caller,
                                            const PurchaseFilter& filter);

}  // namespace mamon::service
