// Counting the bar's cash drawer by denomination (issue 12, "Reports at the POS"): the euro coins,
// notes and the standard coin rolls a treasurer gets from the bank, and the total a breakdown
// adds up to. A report may store its breakdown next to the counted total; the total is what
// counts. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "base/money.h"
#include "base/result.h"

namespace mamon::domain {

enum class DenominationKind { kCoin, kNote, kRoll };

struct Denomination {
  std::string_view
      code;  // stable name, stored and sent on the wire: "coin_200", "note_5000", "roll_050"
  DenominationKind kind;
  Cents value;                      // of one piece (a roll: all its coins)
  std::int64_t coins_per_roll = 0;  // rolls only
};

// Every denomination, in the order a counting form shows them: coins from 1 cent up, notes from
// 5 euro up, then the rolls. The euro rolls follow the Dutch banks' packaging (1, 2 and 5 cent: 50
// coins; 10, 20 and 50 cent: 40; 1 and 2 euro: 25).
std::span<const Denomination> denominations();

// The denomination with this code, or none.
std::optional<Denomination> find_denomination(std::string_view code);

struct DenominationCount {
  std::string_view code;
  std::int64_t count = 0;
};

// A count per denomination; denominations not named count 0.
using CashBreakdown = std::vector<DenominationCount>;

// The most pieces of one denomination a count accepts: far above any bar drawer, low enough that
// no sum can overflow (10^6 pieces of the largest note is 5 * 10^10 cents).
inline constexpr std::int64_t kDenominationCountMax = 1'000'000;

// Σ count × value. Checks, in order, naming the field "breakdown.<code>": every code is known
// (kInvalidInput "Unknown denomination."), named once (kInvalidInput "Named twice."), and its count
// is in 0..kDenominationCountMax (kInvalidInput). The total is at most limits::kMoneyAbsMaxCents
// (kInvalidAmount, field "breakdown").
Result<Cents> breakdown_total(const CashBreakdown& breakdown);

}  // namespace mamon::domain
