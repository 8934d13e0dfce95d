#include "http/api/catalogue_cache.h"

#include <gtest/gtest.h>

namespace mamon::http::api {
namespace {

TEST(EtagMatchesTest, ListsStarAndWeakComparison) {
  const std::string etag = "\"c0123\"";
  EXPECT_TRUE(etag_matches("\"c0123\"", etag));
  EXPECT_TRUE(etag_matches("W/\"c0123\"", etag));
  EXPECT_TRUE(etag_matches("\"x\", \"c0123\"", etag));
  EXPECT_TRUE(etag_matches(" * ", etag));
  EXPECT_FALSE(etag_matches("\"c01234\"", etag));
  EXPECT_FALSE(etag_matches("c0123", etag));  // an entity tag is quoted
  EXPECT_FALSE(etag_matches("", etag));
}

}  // namespace
}  // namespace mamon::http::api
