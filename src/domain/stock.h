// Stock (DESIGN.md §1, issue 10 item 2): stock items counted in their unit's smallest step, the
// mutations that are the only way a quantity changes, and the exact conversion between steps and
// the decimal text of the wire and the forms. No I/O. The units themselves (StockUnit,
// steps_per_unit) are in domain/products.h, beside the products that draw from them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"
#include "domain/products.h"

namespace mamon::domain {

// |quantity| at most 10^12 steps (a million m3 in ml): anything larger is a typo, and sums of many
// stay far from int64's limit.
inline constexpr std::int64_t kStockStepsAbsMax = 1'000'000'000'000;

// Why a stock changed (stock_mutations.kind):
//   kImport    the opening quantity taken over from the old system (never added by hand)
//   kDelivery  goods came in:            quantity_delta > 0
//   kCount     a count corrected it:     quantity_delta either way (0: the count agreed)
//   kLoss      broken, spilt, expired:   quantity_delta < 0
//   kSale      a purchase drew it (< 0), or a voided purchase gave it back (> 0); never by hand
enum class StockMutationKind { kImport, kDelivery, kCount, kLoss, kSale };

std::string_view stock_mutation_kind_name(StockMutationKind kind);
// The kind named exactly as the database writes it; none otherwise.
std::optional<StockMutationKind> parse_stock_mutation_kind(std::string_view name);

// Whether a person may record this kind (delivery, count, loss); import and sale are the system's.
bool is_manual_stock_mutation(StockMutationKind kind);

// The sign rule of `kind` for `quantity_delta` (steps). Errors, field "quantity": kInvalidInput
// "A delivery must add ..." (delivery <= 0), "A loss must remove ..." (loss >= 0); kInvalidInput
// field "kind" for import and sale (not manual). |delta| above kStockStepsAbsMax: kInvalidInput.
Status check_manual_mutation(StockMutationKind kind, std::int64_t quantity_delta);

// Decimal text in whole units of `unit` -> steps, exactly (no floating point): "0.25" liters ->
// 250, "-1.5" bags -> -1500, "25" grams -> 25, "1e-3" liters -> 1. An optional sign, digits with
// an optional '.' or ',' and fraction, an optional exponent. Errors kInvalidInput with `field`:
// not such a number, finer than one step of the unit ("0.0005" liters), |steps| above
// kStockStepsAbsMax.
Result<std::int64_t> parse_stock_quantity(std::string_view text, StockUnit unit, std::string field);

// Steps as decimal text in whole units, shortest exact form: 250 ml -> "0.25", 12000 -> "12",
// -1500 -> "-1.5", 25 g -> "25".
std::string format_stock_quantity(std::int64_t steps, StockUnit unit);

struct StockItem {
  std::int64_t id = 0;
  std::string name;
  StockUnit unit = StockUnit::kUnits;
  std::int64_t quantity = 0;  // steps; = the sum of its mutations that count (not imported)
  std::string description;
  TimestampUs created_at_us = 0;
};

struct StockMutation {
  std::int64_t id = 0;
  std::int64_t stock_item_id = 0;
  StockMutationKind kind = StockMutationKind::kDelivery;
  std::int64_t quantity_delta = 0;  // steps, signed
  std::string reason;
  std::optional<std::int64_t> cost_cents;
  std::optional<std::int64_t> user_id;        // who; none for the old system and for sales
  std::optional<std::int64_t> purchase_id;    // kSale: the purchase
  std::optional<std::int64_t> order_line_id;  // kSale: its line (migration 0011)
  bool imported = false;  // the old system's history: already in the opening 'import' mutation
  TimestampUs created_at_us = 0;
};

}  // namespace mamon::domain
