// The board's figures (WEB.md §2 "Board, treasurer, admins"; docs/reports.md defines each one):
// aggregates over purchases, their order lines, wallet upgrades and the ledger's transfers, all
// summed by the database (GROUP BY / SUM), never row by row in C++. All calls run inside the
// caller's transaction and give the same answers on SQLite and PostgreSQL.
//
// Time: every range is half-open [start_us, end_us) in UTC instants. Local days, months and
// hours are computed by the service (base/local_time.h) and handed in as bucket edges: SQLite
// knows no time zones.
//
// Voids (migration 0014): the sales figures leave voided purchases out, so a void nets out in
// the period of the purchase it reverses; the wallet reconciliation shows the reversal itself
// (transfer kind 'void') in the range it was made.
//
// Indexes the queries rely on: purchases_created, order_lines_purchase, wallet_upgrades_created,
// transfers_created (migration 0008), order_lines_product_purchase (0008, the per-product page).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/local_time.h"
#include "base/money.h"
#include "base/result.h"
#include "domain/purchases.h"
#include "domain/wallet_upgrades.h"
#include "storage/database.h"

namespace mamon::storage {

// Who bought: a holder in the visitors' group, any other holder, or nobody (cash / PIN over the
// counter, and the system holders "Cash" and "Pin" that imported history uses for them).
enum class BuyerKind { kMember, kVisitor, kAnonymous };

struct SalesCell {
  BuyerKind buyer = BuyerKind::kMember;
  domain::PaymentMethod method = domain::PaymentMethod::kUnknown;
  std::int64_t purchases = 0;
  Cents total;
};
// Purchases in `range` by buyer kind and method: one cell per pair that occurs. A holder is a
// visitor when their user is in the group named `visitors_group`.
Result<std::vector<SalesCell>> sales_by_buyer_and_method(Transaction& tx, TimeRange range,
                                                         std::string_view visitors_group);

// Line revenue (Σ quantity × snapshotted unit price) and items for one key and method.
struct LineSalesCell {
  std::string key;                          // ledger account ("" = none) or category name
  std::optional<std::int64_t> category_id;  // categories only; none = in no category
  domain::PaymentMethod method = domain::PaymentMethod::kUnknown;
  std::int64_t quantity = 0;
  Cents revenue;
};
// By the ledger account snapshotted on each line × method, ordered by account then method.
Result<std::vector<LineSalesCell>> sales_by_ledger_account(Transaction& tx, TimeRange range);
// By today's categories of each line's product × method (a line counts once in every category
// its product is in; lines of products in none come with category_id empty), ordered by name.
Result<std::vector<LineSalesCell>> sales_by_category(Transaction& tx, TimeRange range);

struct UpgradeCell {
  domain::UpgradeMethod method = domain::UpgradeMethod::kUnknown;
  bool refund = false;
  std::int64_t count = 0;
  Cents amount;
};
// Wallet upgrades in `range` by method and refund flag (Mollie top-ups included).
Result<std::vector<UpgradeCell>> upgrades_by_method(Transaction& tx, TimeRange range);

// The wallet liability just before `at_us`: Σ over every transfer with created_at_us < at_us of
// its amount into wallets minus its amount out of wallets. From the transfers, not from the
// accounts' cached sums, so it holds for any instant in the past.
Result<Cents> wallet_liability_before(Transaction& tx, TimestampUs at_us);

// The transfers in `range` that touch a wallet, by kind and the system account on their other
// side ("wallet" for one between two wallets): money into wallets and out of them.
struct WalletMovementCell {
  std::string kind;             // transfers.kind
  std::string counter_account;  // e.g. cash_drawer, pin_terminal, mollie_clearing, sales
  std::int64_t transfers = 0;
  Cents into_wallets;
  Cents out_of_wallets;
};
Result<std::vector<WalletMovementCell>> wallet_movements(Transaction& tx, TimeRange range);

// Bucketed figures. `edges` are n+1 ascending instants (1 <= n <= kBucketsMax, CHECKed): bucket
// i is [edges[i], edges[i+1]).
inline constexpr std::size_t kBucketsMax = 1024;

struct ProductBucketCell {
  std::int64_t product_id = 0;
  std::string product_name;
  std::size_t bucket = 0;
  std::int64_t quantity = 0;
  Cents revenue;
};
struct LineFilter {
  std::optional<std::int64_t> category_id;  // only products in this category (today's links)
  std::optional<std::int64_t> product_id;   // only this product
};
// Per product and bucket, the cells with sales only, ordered by product name, id, bucket.
Result<std::vector<ProductBucketCell>> line_sales_by_bucket(Transaction& tx,
                                                            std::span<const TimestampUs> edges,
                                                            const LineFilter& filter);

struct PurchaseBucketCell {
  std::size_t bucket = 0;
  domain::PaymentMethod method = domain::PaymentMethod::kUnknown;
  std::int64_t purchases = 0;
  Cents total;
};
// Purchases per bucket and method, the cells with sales only, ordered by bucket and method.
Result<std::vector<PurchaseBucketCell>> purchases_by_bucket(Transaction& tx,
                                                            std::span<const TimestampUs> edges);

}  // namespace mamon::storage
