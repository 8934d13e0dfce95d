#include "domain/cash_count.h"

#include <array>
#include <set>
#include <string>

#include "base/limits.h"

namespace mamon::domain {
namespace {

constexpr Denomination coin(std::string_view code, std::int64_t cents) {
  return Denomination{code, DenominationKind::kCoin, Cents(cents), 0};
}
constexpr Denomination note(std::string_view code, std::int64_t cents) {
  return Denomination{code, DenominationKind::kNote, Cents(cents), 0};
}
constexpr Denomination roll(std::string_view code, std::int64_t coin_cents, std::int64_t coins) {
  return Denomination{code, DenominationKind::kRoll, Cents(coin_cents * coins), coins};
}

constexpr std::array kDenominations = {
    coin("coin_001", 1),       coin("coin_002", 2),       coin("coin_005", 5),
    coin("coin_010", 10),      coin("coin_020", 20),      coin("coin_050", 50),
    coin("coin_100", 100),     coin("coin_200", 200),     note("note_0500", 500),
    note("note_1000", 1000),   note("note_2000", 2000),   note("note_5000", 5000),
    note("note_10000", 10000), note("note_20000", 20000), note("note_50000", 50000),
    roll("roll_001", 1, 50),   roll("roll_002", 2, 50),   roll("roll_005", 5, 50),
    roll("roll_010", 10, 40),  roll("roll_020", 20, 40),  roll("roll_050", 50, 40),
    roll("roll_100", 100, 25), roll("roll_200", 200, 25),
};

Error breakdown_error(std::string_view code, std::string message) {
  return make_error(ErrorCode::kInvalidInput, std::move(message), "breakdown." + std::string(code));
}

}  // namespace

std::span<const Denomination> denominations() {
  return kDenominations;
}

std::optional<Denomination> find_denomination(std::string_view code) {
  for (const Denomination& d : kDenominations) {
    if (d.code == code) return d;
  }
  return std::nullopt;
}

Result<Cents> breakdown_total(const CashBreakdown& breakdown) {
  std::set<std::string_view> seen;
  Cents total = Cents::zero();
  for (const DenominationCount& entry : breakdown) {
    std::optional<Denomination> denomination = find_denomination(entry.code);
    if (!denomination) return breakdown_error(entry.code, "Unknown denomination.");
    if (!seen.insert(denomination->code).second) return breakdown_error(entry.code, "Named twice.");
    if (entry.count < 0 || entry.count > kDenominationCountMax) {
      return breakdown_error(entry.code, "Ensure the count is between 0 and " +
                                             std::to_string(kDenominationCountMax) + ".");
    }
    // Cannot overflow: kDenominationCountMax x the largest value (a 500 euro note) is 5 * 10^10.
    total = Cents(total.value() + denomination->value.value() * entry.count);
  }
  if (total.value() > limits::kMoneyAbsMaxCents) {
    return make_error(ErrorCode::kInvalidAmount, "The counted total is too large.", "breakdown");
  }
  return total;
}

}  // namespace mamon::domain
