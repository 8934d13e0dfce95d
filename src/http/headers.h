// An ordered list of HTTP header fields with case-insensitive names (RFC 9110 §5.1). Used by both
// Request and Response. Not thread-safe; a value is owned by one request at a time.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mamon::http {

// ASCII case-insensitive comparison (header names, tokens such as "keep-alive").
bool iequals(std::string_view a, std::string_view b);

// `s` without leading and trailing spaces and tabs (optional white space around field values).
std::string_view trim_blanks(std::string_view s);

class Headers {
 public:
  using Entry = std::pair<std::string, std::string>;

  // The first value of `name`, or nullopt. The view is valid until the next mutation.
  std::optional<std::string_view> get(std::string_view name) const;
  // get(name) or "" when absent.
  std::string_view value_or_empty(std::string_view name) const;
  bool contains(std::string_view name) const { return get(name).has_value(); }

  // Replaces every value of `name` with one value.
  void set(std::string_view name, std::string_view value);
  // Appends a value (repeated headers such as Vary are kept in order).
  void add(std::string_view name, std::string_view value);
  void erase(std::string_view name);

  const std::vector<Entry>& entries() const { return entries_; }
  bool empty() const { return entries_.empty(); }

 private:
  std::vector<Entry> entries_;
};

}  // namespace mamon::http
