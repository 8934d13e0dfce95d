// Beer flow meters against what was sold (issue 12, "flow meters vs sales"). Pure.
//
// A meter pours one stock item (kept in litres, so its smallest step is the millilitre) and has a
// scale: how many readings it advances per litre. Over a bar cycle
//   poured  = (closing reading - opening reading) x 1000 / readings per litre   [ml, rounded]
//   sold    = Σ quantity x the product's units per sale, over the products drawing from that stock
//             item                                                             [ml]
//   shrinkage = poured - sold [ml]; negative: more was sold than the meter saw (a meter fault, or
//             a keg poured without the meter);
//   shrinkage % = shrinkage / poured, in basis points (1/100 of a percent), none when nothing was
//             poured; flagged above the warning threshold (FLOW_SHRINKAGE_WARN_PERCENT).
#pragma once

#include <cstdint>
#include <optional>

#include "base/result.h"

namespace mamon::domain {

// The largest scale a meter may have: a pulse meter gives a few thousand pulses per litre.
inline constexpr std::int64_t kReadingsPerLitreMax = 1'000'000;

struct FlowMeterReadings {
  std::int64_t opening = 0;
  std::int64_t closing = 0;
};

struct FlowShrinkage {
  std::int64_t poured_ml = 0;
  std::int64_t sold_ml = 0;
  std::int64_t shrinkage_ml = 0;                       // poured - sold
  std::optional<std::int64_t> shrinkage_basis_points;  // none when poured_ml is 0
  bool flagged = false;                                // basis points > warn_percent x 100
};

// Millilitres poured between two readings, rounded half up. Errors: readings_per_litre outside
// 1..kReadingsPerLitreMax (kInvalidInput, field "readings_per_litre"); a closing reading below
// the opening one (kInvalidInput "The meter went backwards: was it reset?").
Result<std::int64_t> poured_ml(const FlowMeterReadings& readings, std::int64_t readings_per_litre);

// The comparison of one meter over one cycle. `sold_ml` >= 0; warn_percent in 0..100. Errors as
// poured_ml(), and kInvalidInput for a negative sold_ml or a warn_percent out of range.
Result<FlowShrinkage> flow_shrinkage(const FlowMeterReadings& readings,
                                     std::int64_t readings_per_litre, std::int64_t sold_ml,
                                     std::int64_t warn_percent);

}  // namespace mamon::domain
