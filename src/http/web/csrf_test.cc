#include "http/web/csrf.h"

#include <gtest/gtest.h>

namespace mamon::http::web {
namespace {

TEST(Csrf, SignedTokensVerifyOnlyUnderTheirKey) {
  const std::string token = new_signed_csrf_token("secret one");
  EXPECT_EQ(token.size(), 129u);
  EXPECT_TRUE(verify_signed_csrf_token("secret one", token));
  EXPECT_FALSE(verify_signed_csrf_token("secret two", token));
  std::string tampered = token;
  tampered[3] = tampered[3] == 'a' ? 'b' : 'a';
  EXPECT_FALSE(verify_signed_csrf_token("secret one", tampered));
  EXPECT_FALSE(verify_signed_csrf_token("secret one", ""));
  EXPECT_FALSE(verify_signed_csrf_token("secret one", token.substr(0, 64)));
  EXPECT_NE(new_signed_csrf_token("secret one"), token);  // a fresh nonce each time
}

TEST(Csrf, TokensEqual) {
  EXPECT_TRUE(tokens_equal("abc", "abc"));
  EXPECT_FALSE(tokens_equal("abc", "abd"));
  EXPECT_FALSE(tokens_equal("abc", "abcd"));
  EXPECT_FALSE(tokens_equal("", ""));
}

TEST(Csrf, OriginCheck) {
  Config config;
  config.public_url = "https://bar.example.org";
  config.public_url_set = true;
  Request request;
  request.headers.set("Host", "bar.example.org");
  EXPECT_TRUE(origin_allowed(request, config));  // neither header: the token decides
  request.headers.set("Origin", "https://bar.example.org");
  EXPECT_TRUE(origin_allowed(request, config));
  request.headers.set("Origin", "https://evil.example");
  EXPECT_FALSE(origin_allowed(request, config));
  request.headers.set("Origin", "null");
  EXPECT_FALSE(origin_allowed(request, config));
  request.headers.erase("Origin");
  request.headers.set("Referer", "https://bar.example.org/login/?next=/");
  EXPECT_TRUE(origin_allowed(request, config));
  request.headers.set("Referer", "http://bar.example.org/login/");  // other scheme
  EXPECT_FALSE(origin_allowed(request, config));
  // Without PUBLIC_URL: the request's Host.
  config.public_url_set = false;
  request.headers.set("Host", "127.0.0.1:8000");
  request.headers.set("Referer", "http://127.0.0.1:8000/login/");
  EXPECT_TRUE(origin_allowed(request, config));
}

}  // namespace
}  // namespace mamon::http::web
