#include "service/import/field_reader.h"

#include <algorithm>
#include <limits>

namespace mamon::service::import {

std::string describe(const RecordRef& ref) {
  return ref.file + " record " + std::to_string(ref.index);
}

std::string describe_record(const DumpRecord& record) {
  std::string out = describe(record.ref);
  if (record.label.empty()) return out;
  if (record.pk) return out + " (" + record.label + " pk " + std::to_string(*record.pk) + ")";
  return out + " (recovered " + record.label + ")";
}

Result<std::int64_t> decimal_steps(std::string_view text, int decimals, bool* rounded) {
  if (rounded != nullptr) *rounded = false;
  auto bad = [&](std::string_view why) {
    return make_error(ErrorCode::kInvalidInput,
                      "'" + std::string(text) + "' is not a quantity: " + std::string(why));
  };
  std::string_view mantissa = text;
  long exponent = 0;
  if (std::size_t e = text.find_first_of("eE"); e != std::string_view::npos) {
    mantissa = text.substr(0, e);
    std::string_view exp_text = text.substr(e + 1);
    bool exp_negative = false;
    if (!exp_text.empty() && (exp_text.front() == '-' || exp_text.front() == '+')) {
      exp_negative = exp_text.front() == '-';
      exp_text.remove_prefix(1);
    }
    if (exp_text.empty() || exp_text.size() > 4) return bad("bad exponent");
    for (char c : exp_text) {
      if (c < '0' || c > '9') return bad("bad exponent");
      exponent = exponent * 10 + (c - '0');
    }
    if (exp_negative) exponent = -exponent;
  }
  bool negative = false;
  if (!mantissa.empty() && (mantissa.front() == '-' || mantissa.front() == '+')) {
    negative = mantissa.front() == '-';
    mantissa.remove_prefix(1);
  }
  std::string digits;
  long point = -1;  // digits before the decimal point
  for (char c : mantissa) {
    if (c == '.') {
      if (point >= 0) return bad("two decimal points");
      point = static_cast<long>(digits.size());
    } else if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else {
      return bad("not a number");
    }
  }
  if (digits.empty()) return bad("not a number");
  if (point < 0) point = static_cast<long>(digits.size());
  // The value is 0.digits * 10^(point + exponent); the result keeps `kept` leading digits.
  const long kept = point + exponent + decimals;
  const long count = static_cast<long>(digits.size());
  std::int64_t steps = 0;
  for (long i = 0; i < kept; ++i) {
    const int d = i < count ? digits[static_cast<std::size_t>(i)] - '0' : 0;
    if (steps > 0 && i >= 15) return bad("too large");
    steps = steps * 10 + d;
  }
  bool dropped = false;
  for (long i = std::max(0L, kept); i < count; ++i)
    dropped |= digits[static_cast<std::size_t>(i)] != '0';
  if (kept >= 0 && kept < count && digits[static_cast<std::size_t>(kept)] >= '5') ++steps;
  if (steps >= 1'000'000'000'000'000) return bad("too large");
  if (rounded != nullptr) *rounded = dropped;
  return negative ? -steps : steps;
}

FieldReader::FieldReader(const nlohmann::json& fields, const DumpRecord& record,
                         std::int64_t* rounded)
    : fields_(fields), record_(record), rounded_(rounded) {}

Error FieldReader::record_error(std::string_view reason) const {
  std::string message = describe_record(record_);
  message.append(": ").append(reason);
  return make_error(ErrorCode::kMalformedRecord, std::move(message));
}

Error FieldReader::field_error(std::string_view field, std::string_view reason) const {
  std::string message = describe_record(record_);
  message.append(": field '").append(field).append("' ").append(reason);
  return make_error(ErrorCode::kMalformedRecord, std::move(message), std::string(field));
}

bool FieldReader::has(std::string_view field) const {
  return fields_.find(std::string(field)) != fields_.end();
}

bool FieldReader::is_null(std::string_view field) const {
  auto it = fields_.find(std::string(field));
  return it != fields_.end() && it->is_null();
}

Result<const nlohmann::json*> FieldReader::get(std::string_view field) const {
  auto it = fields_.find(std::string(field));
  if (it == fields_.end()) return field_error(field, "is missing (a required field)");
  return &*it;
}

Result<std::string> FieldReader::text(std::string_view field) const {
  MAMON_TRY(const nlohmann::json* value, get(field));
  if (!value->is_string()) return field_error(field, "must be a string");
  return value->get_ref<const std::string&>();
}

Result<std::string> FieldReader::text_or_empty(std::string_view field) const {
  MAMON_TRY(const nlohmann::json* value, get(field));
  if (value->is_null()) return std::string();
  if (!value->is_string()) return field_error(field, "must be a string or null");
  return value->get_ref<const std::string&>();
}

Result<std::optional<std::string>> FieldReader::optional_text(std::string_view field) const {
  MAMON_TRY(const nlohmann::json* value, get(field));
  if (value->is_null()) return std::optional<std::string>();
  if (!value->is_string()) return field_error(field, "must be a string or null");
  return std::optional<std::string>(value->get_ref<const std::string&>());
}

Result<std::int64_t> FieldReader::integer(std::string_view field) const {
  MAMON_TRY(const nlohmann::json* value, get(field));
  if (value->is_number_integer() && !value->is_number_unsigned()) return value->get<std::int64_t>();
  if (value->is_number_unsigned() &&
      value->get<std::uint64_t>() <=
          static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return static_cast<std::int64_t>(value->get<std::uint64_t>());
  }
  return field_error(field, "must be an integer");
}

Result<std::optional<std::int64_t>> FieldReader::optional_integer(std::string_view field) const {
  MAMON_TRY(const nlohmann::json* value, get(field));
  if (value->is_null()) return std::optional<std::int64_t>();
  MAMON_TRY(std::int64_t v, integer(field));
  return std::optional<std::int64_t>(v);
}

Result<bool> FieldReader::boolean(std::string_view field) const {
  MAMON_TRY(const nlohmann::json* value, get(field));
  if (!value->is_boolean()) return field_error(field, "must be true or false");
  return value->get<bool>();
}

Result<Cents> FieldReader::money(std::string_view field, bool allow_negative) const {
  MAMON_TRY(const nlohmann::json* value, get(field));
  std::string text;
  if (value->is_number()) {
    // The old system stored floats; dump() gives the shortest text that round-trips the double,
    // so 884.8430000000001 stays as written and 5.0 is "5.0". No double arithmetic on money.
    text = value->dump();
  } else if (value->is_string()) {
    text = value->get_ref<const std::string&>();
  } else {
    return field_error(field, "must be a money amount (a number or a numeric string)");
  }
  bool rounded = false;
  auto cents = Cents::parse_rounding(text, &rounded);
  if (!cents) return field_error(field, "is not a money amount: " + cents.error().message);
  if (!allow_negative && cents->value() < 0) return field_error(field, "must not be negative");
  if (rounded && rounded_ != nullptr) ++*rounded_;
  return *cents;
}

Result<TimestampUs> FieldReader::time(std::string_view field) const {
  MAMON_TRY(const nlohmann::json* value, get(field));
  if (!value->is_string()) return field_error(field, "must be a date-time string");
  auto t = parse_iso8601(value->get_ref<const std::string&>());
  if (!t) return field_error(field, "is a bad date: " + t.error().message);
  return *t;
}

Result<std::optional<TimestampUs>> FieldReader::optional_time(std::string_view field) const {
  MAMON_TRY(const nlohmann::json* value, get(field));
  if (value->is_null()) return std::optional<TimestampUs>();
  MAMON_TRY(TimestampUs t, time(field));
  return std::optional<TimestampUs>(t);
}

Result<std::vector<std::int64_t>> FieldReader::integer_list(std::string_view field) const {
  MAMON_TRY(const nlohmann::json* value, get(field));
  if (!value->is_array()) return field_error(field, "must be a list of ids");
  std::vector<std::int64_t> out;
  out.reserve(value->size());
  for (const nlohmann::json& item : *value) {
    if (!item.is_number_integer()) return field_error(field, "must be a list of integer ids");
    if (item.is_number_unsigned() &&
        item.get<std::uint64_t>() >
            static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return field_error(field, "holds an id out of range");
    }
    out.push_back(item.get<std::int64_t>());
  }
  return out;
}

Result<std::string> FieldReader::number_text(std::string_view field) const {
  MAMON_TRY(const nlohmann::json* value, get(field));
  if (!value->is_number()) return field_error(field, "must be a number");
  return value->dump();
}

}  // namespace mamon::service::import
