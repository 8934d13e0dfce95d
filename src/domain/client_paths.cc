#include "domain/client_paths.h"

#include <boost/regex.hpp>

namespace mamon::domain {
namespace {

std::string perl_syntax(std::string_view python_pattern) {
  std::string pattern(python_pattern);
  for (auto at = pattern.find("(?P<"); at != std::string::npos; at = pattern.find("(?P<", at)) {
    pattern.erase(at + 2, 1);
  }
  return pattern;
}

}  // namespace

std::optional<std::string> client_path_pattern_error(std::string_view pattern) {
  if (pattern.empty()) return "A pattern may not be empty.";
  if (pattern.size() > kClientPathPatternBytesMax) return "A pattern has at most 1000 characters.";
  try {
    boost::regex compiled(perl_syntax(pattern), boost::regex::perl);
    (void)compiled;
  } catch (const std::exception& e) {
    return std::string("Not a valid pattern: ") + e.what();
  }
  return std::nullopt;
}

bool client_path_pattern_matches(std::string_view pattern, std::string_view path) {
  // Boost, unlike std::regex, matches without recursion and gives up on catastrophic
  // backtracking (it throws, which counts as no match).
  try {
    return boost::regex_match(std::string(path),
                              boost::regex(perl_syntax(pattern), boost::regex::perl));
  } catch (const std::exception&) {
    return false;
  }
}

bool client_paths_allow(const std::vector<std::string>& patterns, std::string_view path) {
  std::string exact(path);
  std::string toggled = exact;
  if (toggled.size() > 1 && toggled.back() == '/') {
    toggled.pop_back();
  } else {
    toggled.push_back('/');
  }
  for (const std::string& pattern : patterns) {
    if (client_path_pattern_matches(pattern, exact) ||
        client_path_pattern_matches(pattern, toggled)) {
      return true;
    }
  }
  return false;
}

}  // namespace mamon::domain
