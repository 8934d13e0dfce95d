// A client application's allowed path patterns (DESIGN.md §1 "ClientApplication"; issue 9 item 6).
// The old Django system wrote them as Python `re` patterns; they are matched with Boost's Perl
// syntax, Python's named groups "(?P<name>" rewritten to "(?<name>". A pattern must match the
// whole path; a trailing slash is optional on every API path, so the path with its trailing
// slash added or removed is tried too.
//
// The patterns stored for an application (client_application_paths) are authoritative: the
// middleware decides with them, never with a token's PATHS claim. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mamon::domain {

// At most this many patterns per application, each 1..kClientPathPatternBytesMax bytes (the
// schema's CHECK): a site needs a handful.
inline constexpr std::size_t kClientPathPatternsMax = 50;
inline constexpr std::size_t kClientPathPatternBytesMax = 1000;

// None when `pattern` is usable; else an English reason ("unmatched parenthesis ...").
std::optional<std::string> client_path_pattern_error(std::string_view pattern);

// True if the pattern matches all of `path` (invalid patterns and matches too complex to finish
// never match).
bool client_path_pattern_matches(std::string_view pattern, std::string_view path);

// True if one of `patterns` matches `path` or `path` with its trailing slash toggled.
bool client_paths_allow(const std::vector<std::string>& patterns, std::string_view path);

}  // namespace mamon::domain
