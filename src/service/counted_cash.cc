#include "service/counted_cash.h"

#include <nlohmann/json.hpp>

#include "base/limits.h"
#include "domain/cash_count.h"

namespace mamon::service {
namespace {

std::string canonical_json(const domain::CashBreakdown& breakdown) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const domain::Denomination& d : domain::denominations()) {
    for (const domain::DenominationCount& entry : breakdown) {
      if (entry.code == d.code && entry.count > 0) out[std::string(d.code)] = entry.count;
    }
  }
  return out.dump();
}

}  // namespace

Result<CountedCash> resolve_counted_cash(const std::optional<Cents>& total_cash,
                                         const std::optional<BreakdownInput>& breakdown) {
  if (!total_cash && !breakdown) {
    return make_error(ErrorCode::kInvalidInput, "This field is required.", "total_cash");
  }
  if (!breakdown) return CountedCash{*total_cash, std::nullopt};

  // Views into `breakdown`, which outlives this call.
  domain::CashBreakdown pieces;
  pieces.reserve(breakdown->size());
  for (const PieceCount& piece : *breakdown) pieces.push_back({piece.code, piece.count});
  MAMON_TRY(Cents sum, domain::breakdown_total(pieces));
  if (total_cash && *total_cash != sum) {
    return make_error(ErrorCode::kInvalidInput,
                      "The total (" + total_cash->to_string() +
                          ") does not match the denomination count (" + sum.to_string() + ").",
                      "total_cash");
  }
  return CountedCash{sum, canonical_json(pieces)};
}

Status validate_pin_total(domain::ReportAction action, const std::optional<Cents>& pin_total) {
  if (!pin_total) return ok_status();
  if (action != domain::ReportAction::kClose) {
    return make_error(ErrorCode::kInvalidInput,
                      "The PIN terminal's total is entered at closing only.", "pin_total");
  }
  if (pin_total->value() < 0 || pin_total->value() > limits::kMoneyAbsMaxCents) {
    return make_error(ErrorCode::kInvalidAmount,
                      "Ensure the PIN total is between 0 and " +
                          Cents(limits::kMoneyAbsMaxCents).to_string() + ".",
                      "pin_total");
  }
  return ok_status();
}

}  // namespace mamon::service
