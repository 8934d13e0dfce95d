// Typed access to one dump record's "fields" object, for dump_parser. Each accessor returns the
// value or a kMalformedRecord error whose message names the record ("starterDATA.json record 85
// (purchase.order pk 65): field 'quantity' must be an integer"). Catches nothing: it never calls a
// throwing nlohmann accessor on a value of the wrong type.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/money.h"
#include "base/result.h"
#include "service/import/dump_records.h"

namespace mamon::service::import {

class FieldReader {
 public:
  // `fields` must be a JSON object and outlive the reader; `rounded` counts rounded amounts.
  FieldReader(const nlohmann::json& fields, const DumpRecord& record, std::int64_t* rounded);

  // An error about this record (not about one field).
  Error record_error(std::string_view reason) const;
  // An error about one field of this record.
  Error field_error(std::string_view field, std::string_view reason) const;

  Result<std::string> text(std::string_view field) const;           // a string, not null
  Result<std::string> text_or_empty(std::string_view field) const;  // a string; null -> ""
  Result<std::optional<std::string>> optional_text(std::string_view field) const;  // null -> none
  Result<std::int64_t> integer(std::string_view field) const;
  Result<std::optional<std::int64_t>> optional_integer(std::string_view field) const;
  Result<bool> boolean(std::string_view field) const;
  // A number or numeric string, rounded to cents; negative allowed only with allow_negative.
  Result<Cents> money(std::string_view field, bool allow_negative) const;
  Result<TimestampUs> time(std::string_view field) const;
  Result<std::optional<TimestampUs>> optional_time(std::string_view field) const;
  Result<std::vector<std::int64_t>> integer_list(std::string_view field) const;
  // A JSON number (a float of the old system, 0.25), as the shortest text that round-trips it
  // ("0.25", "480.5", "1e-05"): for decimal_steps, so that no double arithmetic touches it.
  Result<std::string> number_text(std::string_view field) const;

  bool has(std::string_view field) const;
  // True when the field is present and null.
  bool is_null(std::string_view field) const;

 private:
  Result<const nlohmann::json*> get(std::string_view field) const;

  const nlohmann::json& fields_;
  const DumpRecord& record_;
  std::int64_t* rounded_;
};

// The decimal `text` (digits with an optional sign, point and exponent) times 10^decimals,
// rounded half away from zero to an integer: decimal_steps("0.25", 3) = 250. `rounded` (may be
// null) tells whether non-zero digits were dropped. Error kInvalidInput for anything else or a
// magnitude of 10^15 or more.
Result<std::int64_t> decimal_steps(std::string_view text, int decimals, bool* rounded);

// "starterDATA.json record 85 (purchase.order pk 65)" or "... record 2 (recovered
// purchase.product)".
std::string describe_record(const DumpRecord& record);

}  // namespace mamon::service::import
