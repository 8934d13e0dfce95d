#include "http/web/next_path.h"

#include <gtest/gtest.h>

#include <string>

namespace mamon::http::web {
namespace {

TEST(NextPath, OnlyLocalPaths) {
  EXPECT_TRUE(is_local_path("/"));
  EXPECT_TRUE(is_local_path("/board/?start=2024-01-01&end=2024-01-31"));
  EXPECT_TRUE(is_local_path("/profile/#password"));
  for (const char* bad :
       {"", "//evil.example", "///evil.example", "https://evil.example", "javascript:alert(1)",
        "/\\evil.example", "\\\\evil.example", "evil.example", "/a//b", "/ space", "/tab\there",
        "/%2F/evil", "/%5Cevil", "http:/evil"}) {
    EXPECT_FALSE(is_local_path(bad)) << bad;
  }
  EXPECT_FALSE(is_local_path("/" + std::string(5000, 'a')));
  EXPECT_EQ(safe_next("//evil.example"), "/home/");
  EXPECT_EQ(safe_next("/profile/"), "/profile/");
  EXPECT_EQ(safe_next("x", "/"), "/");
}

TEST(NextPath, LoginUrlKeepsPathAndQuery) {
  Request request;
  request.path = "/board/";
  request.query_string = "start=2024-01-01&x=a b";
  EXPECT_EQ(login_url_for(request), "/login/?next=/board/%3Fstart%3D2024-01-01%26x%3Da%20b");
}

}  // namespace
}  // namespace mamon::http::web
