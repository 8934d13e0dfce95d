// The counted cash of a report or a blind count (issue 12, "Reports at the POS"): a total, a
// denomination breakdown (domain/cash_count.h), or both, and at closing the PIN terminal's
// end-of-day total. Shared by reports_service (POST /api/reports/'s optional fields) and
// blind_count so both accept and store exactly the same thing. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/money.h"
#include "base/result.h"
#include "domain/reports.h"

namespace mamon::service {

// One denomination as the caller named it ("coin_200"); the code is checked by
// resolve_counted_cash.
struct PieceCount {
  std::string code;
  std::int64_t count = 0;
};
using BreakdownInput = std::vector<PieceCount>;

struct CountedCash {
  Cents total;
  // The breakdown as canonical JSON text: an object in denomination order (domain::denominations),
  // only denominations with a count above 0, e.g. {"coin_200":3,"note_0500":1}. None without one.
  std::optional<std::string> breakdown_json;
};

// The total a count stands for. Checks, in order:
//   neither a total nor a breakdown                    kInvalidInput, field "total_cash"
//   the breakdown: domain::breakdown_total             kInvalidInput "breakdown.<code>" /
//                                                      kInvalidAmount "breakdown"
//   both given and the total differs from the sum      kInvalidInput, field "total_cash"
// The total's own range is domain::validate_report_input's.
Result<CountedCash> resolve_counted_cash(const std::optional<Cents>& total_cash,
                                         const std::optional<BreakdownInput>& breakdown);

// The PIN terminal's total is entered at closing only: on another action kInvalidInput (field
// "pin_total"); on a close 0..limits::kMoneyAbsMaxCents, else kInvalidAmount (field "pin_total").
// None is always fine.
Status validate_pin_total(domain::ReportAction action, const std::optional<Cents>& pin_total);

}  // namespace mamon::service
