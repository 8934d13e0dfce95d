#include "domain/client_paths.h"

#include <gtest/gtest.h>

namespace mamon::domain {
namespace {

TEST(ClientPaths, ValidPatternsHaveNoError) {
  EXPECT_FALSE(client_path_pattern_error("/api/products/?").has_value());
  EXPECT_FALSE(client_path_pattern_error("/api/holders/(?P<id>[0-9]+)/").has_value());
}

TEST(ClientPaths, InvalidPatternsSayWhy) {
  EXPECT_TRUE(client_path_pattern_error("(unclosed").has_value());
  EXPECT_TRUE(client_path_pattern_error("[a-").has_value());
  EXPECT_TRUE(client_path_pattern_error("").has_value());
  EXPECT_TRUE(client_path_pattern_error(std::string(1001, 'a')).has_value());
}

TEST(ClientPaths, WholePathMustMatchAndTrailingSlashIsOptional) {
  const std::vector<std::string> patterns = {"/api/products/", R"(/api/holders/\d+/)"};
  EXPECT_TRUE(client_paths_allow(patterns, "/api/products/"));
  EXPECT_TRUE(client_paths_allow(patterns, "/api/products"));
  EXPECT_TRUE(client_paths_allow(patterns, "/api/holders/12"));
  EXPECT_FALSE(client_paths_allow(patterns, "/api/holders/12/cards/"));
  EXPECT_FALSE(client_paths_allow(patterns, "/x/api/products/"));
  EXPECT_FALSE(client_paths_allow({}, "/api/products/"));
  EXPECT_FALSE(client_paths_allow({"(unclosed"}, "/api/"));
}

}  // namespace
}  // namespace mamon::domain
