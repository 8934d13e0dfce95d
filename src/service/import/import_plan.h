// Turns the parsed dump into the rows to insert: cross-record checks, the repair rules and the
// ledger of the imported history. Pure: no I/O, so every rule is testable without a database.
//
// Hard errors (kMalformedRecord naming the record's file and index, nothing is written):
// duplicate pk within a model; duplicate username, product name, stock name, card id (once
// upper-cased), client identifier, Mollie identifier/payment id or ledenbase id; a reference to a
// missing user, holder, personnel, group, report, order, product (except in order lines, see
// (b)), stock, meal, client application or Mollie payment; a second holder or personnel for one
// user; a purchase with more than one payment method, or a wallet purchase without buyer; a wallet
// upgrade with both cash and pin, or with a Mollie payment and cash/pin or refund; two upgrades
// for one Mollie payment; a Mollie payment of 0.00; more than one open bar cycle.
//
// Repairs (each with a warning naming the record):
//  (a) records without "model" (dump_parser) get a new pk above every existing and dumped pk;
//  (b) an order line whose product is not in the dump gets a placeholder product with that pk,
//      named "Missing product #<pk> (import)", inactive, price 0.00;
//  (c) holder ledenbase_id 0 means "none" and becomes NULL (counted, not warned per record);
//  (d) a user without holder gets one (new pk, balance 0.00), so every user has exactly one;
//  (e) a paid Mollie payment no upgrade references gets its upgrade (method mollie) so INV-5 holds;
//  (f) an order with quantity 0 contributes no line;
//  (g) a negative `stand` lowers that wallet's credit floor to the stand, so INV-3 holds;
//  (h) users named "Cash" / "Pin" (the old system's anonymous-sale users) become Mamon's system
//      users (is_system, inactive, no password).
//  (i) a stock mutation in another measure than its stock's is taken in the stock's unit;
//  (j) card ids are upper-cased (a non-hex one is imported and warned);
//  (k) a meal sign-up of 0 portions is dropped, a second one of a holder for a meal merged into
//      the first, a payment without sign-up becomes a paid sign-up.
// Non-Django-hash passwords become "" (no local password) and are counted.
//
// Stock (DumpStock, DumpStockMutation): the dumped quantity is the stock's only counted
// mutation (kind 'import'); the old mutations are history (imported = true), never applied again.
// Meals: a purchase.happayment only marks the sign-up paid_in_old_system, with no transfer.
// History (simple_history): one audit_log entry per version, in time order, with what changed.
//
// The ledger (DESIGN.md §2, docs/ledger.md): purchases and upgrades get the transfers live ones
// would; method 'unknown' (no payment flag at all) uses legacy_unknown instead of
// cash_drawer/pin_terminal; amount 0 moves nothing. Then each holder gets one opening_balance
// transfer so its wallet ends at exactly its dumped `stand`; balance_after of wallet purchases is
// replayed in time order from that opening balance.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "service/import/dump_records.h"
#include "storage/import_repo.h"

namespace mamon::service::import {

struct PlanCounts {
  std::int64_t users = 0;
  std::int64_t passwords_kept = 0;     // Django pbkdf2 hashes kept verbatim
  std::int64_t passwords_cleared = 0;  // non-empty password text that was not a hash
  std::int64_t groups = 0;           // groups of the dump (inserted or joined)
  std::int64_t groups_existing = 0;  // of those, joined an existing group of the same name
  std::int64_t group_links = 0;
  std::int64_t holders_imported = 0;
  std::int64_t holders_created = 0;        // repair (d)
  std::int64_t ledenbase_ids_cleared = 0;  // repair (c)
  std::int64_t personnel = 0;
  std::int64_t products_imported = 0;     // incl. recovered ones
  std::int64_t products_placeholder = 0;  // repair (b)
  std::int64_t categories = 0;
  std::int64_t purchases = 0;
  std::int64_t purchases_unknown_method = 0;
  std::int64_t order_lines = 0;
  std::int64_t orders_unreferenced = 0;  // purchase.order records no purchase lists
  std::int64_t reports = 0;
  std::int64_t reports_other_action = 0;
  std::int64_t bar_cycles = 0;
  std::int64_t wallet_upgrades = 0;          // incl. created ones
  std::int64_t wallet_upgrades_created = 0;  // repair (e)
  std::int64_t wallet_upgrades_unknown_method = 0;
  std::int64_t mollie_payments = 0;
  std::int64_t transfers = 0;
  std::int64_t opening_balances = 0;
  std::int64_t recovered_records = 0;  // repair (a)
  std::int64_t stock_items = 0;
  std::int64_t stock_openings = 0;       // opening 'import' mutations (non-zero quantities)
  std::int64_t stock_history = 0;        // the old system's mutations, kept as history
  std::int64_t products_with_stock = 0;  // products drawing from a stock item
  std::int64_t units_rounded = 0;        // product units finer than the stock's step
  std::int64_t quantities_rounded = 0;   // stock quantities finer than the unit's step
  std::int64_t cards = 0;
  std::int64_t card_ids_upper_cased = 0;
  std::int64_t meals = 0;
  std::int64_t meal_signups = 0;
  std::int64_t meal_signups_paid = 0;     // marked paid in the old system (no transfer)
  std::int64_t meal_signups_created = 0;  // for a payment without sign-up
  std::int64_t meal_signups_merged = 0;   // a second sign-up of one holder for one meal
  std::int64_t meal_signups_empty = 0;    // quantity 0: not imported
  std::int64_t personnel_inactive = 0;
  std::int64_t client_applications = 0;
  std::int64_t client_paths = 0;
  std::int64_t client_administrators = 0;
  std::int64_t history_entries = 0;  // simple_history records -> audit_log
};

struct ImportPlan {
  storage::ImportBatch batch;
  PlanCounts counts;
  std::vector<std::string> warnings;
};

// A client application's old `paths` text as a list of patterns: split on commas and newlines,
// blanks around each trimmed, empty pieces dropped ("^/a$,\n^/b$" -> {"^/a$", "^/b$"}).
std::vector<std::string> split_client_paths(std::string_view text);

// `floors`: the highest ids already in the database; `now_us`: decides whether an unpaid Mollie
// payment has expired. Error: kMalformedRecord (see the file comment); kInvalidAmount on overflow.
Result<ImportPlan> plan_import(DumpData data, const storage::ImportIdFloors& floors,
                               TimestampUs now_us);

}  // namespace mamon::service::import
