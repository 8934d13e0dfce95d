#include "domain/flow_meters.h"

#include <limits>
#include <string>

#include "base/limits.h"

namespace mamon::domain {
namespace {

// GCC/Clang's 128-bit integer; __extension__ keeps -Wpedantic quiet about it.
__extension__ typedef __int128 Int128;

// round(numerator / denominator) for numerator >= 0, denominator > 0, half up.
std::int64_t divide_rounded(std::int64_t numerator, std::int64_t denominator) {
  return (numerator + denominator / 2) / denominator;
}

}  // namespace

Result<std::int64_t> poured_ml(const FlowMeterReadings& readings, std::int64_t readings_per_litre) {
  if (readings_per_litre < 1 || readings_per_litre > kReadingsPerLitreMax) {
    return make_error(ErrorCode::kInvalidInput,
                      "Ensure the readings per litre are between 1 and " +
                          std::to_string(kReadingsPerLitreMax) + ".",
                      "readings_per_litre");
  }
  if (readings.closing < readings.opening) {
    return make_error(ErrorCode::kInvalidInput, "The meter went backwards: was it reset?");
  }
  // Readings are at most limits::kFlowMeterMax (10^12), so delta x 1000 stays below 2^63.
  const std::int64_t delta = readings.closing - readings.opening;
  return divide_rounded(delta * 1000, readings_per_litre);
}

Result<FlowShrinkage> flow_shrinkage(const FlowMeterReadings& readings,
                                     std::int64_t readings_per_litre, std::int64_t sold_ml,
                                     std::int64_t warn_percent) {
  if (sold_ml < 0) return make_error(ErrorCode::kInvalidInput, "Sold litres cannot be negative.");
  if (warn_percent < 0 || warn_percent > 100) {
    return make_error(ErrorCode::kInvalidInput, "Ensure the warning percentage is 0..100.");
  }
  FlowShrinkage result;
  MAMON_TRY(result.poured_ml, poured_ml(readings, readings_per_litre));
  result.sold_ml = sold_ml;
  result.shrinkage_ml = result.poured_ml - sold_ml;
  if (result.poured_ml > 0) {
    // poured can reach 10^15 ml and sold anything, so shrinkage x 10000 may not fit in 64 bits:
    // computed in 128 (half away from zero), then clamped to the int64 range.
    const Int128 scaled = static_cast<Int128>(result.shrinkage_ml) * 10000;
    const Int128 poured = result.poured_ml;
    const Int128 magnitude = ((scaled < 0 ? -scaled : scaled) + poured / 2) / poured;
    const Int128 limit = std::numeric_limits<std::int64_t>::max();
    const Int128 clamped = magnitude > limit ? limit : magnitude;
    result.shrinkage_basis_points = static_cast<std::int64_t>(scaled < 0 ? -clamped : clamped);
    result.flagged = *result.shrinkage_basis_points > warn_percent * 100;
  }
  return result;
}

}  // namespace mamon::domain
