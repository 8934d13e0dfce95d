// One holder's own money as the member pages show it (WEB.md §2 `/home/`): the timeline (every
// purchase, top-up, refund, online top-up and other wallet transfer, newest first) and the
// spending per period. All calls run inside the caller's transaction; aggregates are computed by
// the database, with identical results on SQLite and PostgreSQL.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/limits.h"
#include "base/money.h"
#include "base/result.h"
#include "storage/database.h"

namespace mamon::storage {

// What a timeline entry is; the numbers are its rank in the stable order (created_at_us DESC,
// kind ASC, id DESC), so two entries at the same instant always come out the same way.
enum class TimelineKind {
  kPurchase = 1,     // purchases with the holder as buyer (any method)
  kTopUp = 2,        // wallet upgrades by cash / PIN / unknown (imported), refund = false
  kRefund = 3,       // wallet upgrades with refund = true
  kOnlineTopUp = 4,  // mollie_payments rows, whatever their status (their paid upgrade is this
                     // entry, not a kTopUp: wallet upgrades with method 'mollie' are left out)
  kTransfer = 5,     // other transfers on the wallet: imported opening balances, corrections,
                     // and later voids (any transfer not of a wallet upgrade nor a sale's own)
};

struct TimelineLine {
  std::int64_t product_id = 0;
  std::string product_name;  // the product's name today (names are not snapshotted)
  std::int64_t quantity = 0;
  Cents unit_price;  // the snapshot on the line
  Cents line_total;  // quantity x unit price, computed by the database
};

struct TimelineEntry {
  TimelineKind kind = TimelineKind::kPurchase;
  std::int64_t id = 0;  // of the purchase / wallet upgrade / mollie payment / transfer
  TimestampUs created_at_us = 0;
  Cents amount;  // >= 0: purchase total, upgrade amount, payment amount, transfer amount
  // Whether `amount` goes into the wallet: top-ups and online top-ups (once paid) yes, purchases
  // and refunds no; for transfers, whether the wallet is the credited account.
  bool into_wallet = false;
  // purchases: "balance" / "cash" / "pin" / "unknown"; top-ups and refunds: the upgrade method;
  // online top-ups: "mollie"; transfers: the transfer kind ("opening_balance", "correction"...).
  std::string method;
  std::string status;                     // online top-ups: mollie_payments.status; else empty
  std::string comment;                    // wallet upgrades and online top-ups; else empty
  std::optional<Cents> balance_after;     // purchases with the wallet
  std::optional<TimestampUs> paid_at_us;  // online top-ups once paid
  std::vector<TimelineLine> lines;        // purchases, by line id
};

// One page of the holder's timeline in the stable order above, the page's purchase lines read in
// one more statement. `wallet_account_id` is the holder's wallet account (holders.account_id).
Result<std::vector<TimelineEntry>> list_timeline(Transaction& tx, std::int64_t holder_id,
                                                 std::int64_t wallet_account_id, std::int64_t limit,
                                                 std::int64_t offset);
// How many entries the holder's timeline has, in one statement.
Result<std::int64_t> count_timeline(Transaction& tx, std::int64_t holder_id,
                                    std::int64_t wallet_account_id);

// The most periods one spending query sums.
inline constexpr std::size_t kSpendingPeriodsMax = limits::kSpendingMonthsMax;

// Sums of the totals of the holder's purchases (as buyer, any method) per period: `edges_us`
// holds n + 1 ascending instants (1 <= n <= kSpendingPeriodsMax, CHECKed) and period i is
// [edges_us[i], edges_us[i + 1]). One statement; returns n sums (zero for an empty period).
// Voided purchases are left out.
Result<std::vector<Cents>> spending_per_period(Transaction& tx, std::int64_t holder_id,
                                               std::span<const TimestampUs> edges_us);

}  // namespace mamon::storage
