#include "base/config.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <utility>

namespace mamon {
namespace {

// Sets one variable for the test's duration, restoring the previous value afterwards.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) {
      ::setenv(name, value, 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(ConfigTest, PublicUrlRemembersWhetherItWasSet) {
  {
    ScopedEnv unset("PUBLIC_URL", nullptr);
    auto config = load_config_from_environment();
    ASSERT_TRUE(config.ok());
    EXPECT_FALSE(config->public_url_set);
  }
  {
    ScopedEnv set("PUBLIC_URL", "https://bar.example.nl/");
    auto config = load_config_from_environment();
    ASSERT_TRUE(config.ok());
    EXPECT_TRUE(config->public_url_set);
    EXPECT_EQ(config->public_url, "https://bar.example.nl");
  }
  {
    ScopedEnv blank("PUBLIC_URL", " ");
    auto config = load_config_from_environment();
    ASSERT_TRUE(config.ok());
    EXPECT_FALSE(config->public_url_set);
  }
}

TEST(ConfigTest, TrustedProxiesAreParsed) {
  {
    ScopedEnv unset("TRUSTED_PROXIES", nullptr);
    auto config = load_config_from_environment();
    ASSERT_TRUE(config.ok());
    EXPECT_TRUE(config->trusted_proxies.empty());
  }
  ScopedEnv set("TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8 ,::1");
  auto config = load_config_from_environment();
  ASSERT_TRUE(config.ok());
  ASSERT_EQ(config->trusted_proxies.size(), 3u);
  EXPECT_TRUE(contains_address(config->trusted_proxies, *parse_ip_address("10.1.2.3")));
}

TEST(ConfigTest, ABadTrustedProxyIsAnErrorNamingTheVariable) {
  ScopedEnv set("TRUSTED_PROXIES", "127.0.0.1,nginx.local");
  auto config = load_config_from_environment();
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(config.error().message.find("TRUSTED_PROXIES"), std::string::npos);
  EXPECT_NE(config.error().message.find("nginx.local"), std::string::npos);
}

TEST(ConfigTest, PortReplacesThePortOfBindAndKeepsItsHost) {
  {
    ScopedEnv bind("BIND", "0.0.0.0:8000");
    ScopedEnv port("PORT", nullptr);
    auto config = load_config_from_environment();
    ASSERT_TRUE(config.ok());
    EXPECT_EQ(config->bind, "0.0.0.0:8000");
  }
  for (auto [bind_value, want] :
       {std::pair{"0.0.0.0:8000", "0.0.0.0:5000"}, std::pair{"[::1]:8000", "[::1]:5000"},
        std::pair{"[::]", "[::]:5000"}}) {
    ScopedEnv bind("BIND", bind_value);
    ScopedEnv port("PORT", "5000");
    auto config = load_config_from_environment();
    ASSERT_TRUE(config.ok()) << bind_value;
    EXPECT_EQ(config->bind, want);
  }
  ScopedEnv bind("BIND", nullptr);
  ScopedEnv port("PORT", "5000");
  auto config = load_config_from_environment();
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->bind, "127.0.0.1:5000");
}

TEST(ConfigTest, ABadPortIsAnErrorNamingTheVariable) {
  for (const char* bad : {"abc", "0", "65536", "80x"}) {
    ScopedEnv port("PORT", bad);
    auto config = load_config_from_environment();
    ASSERT_FALSE(config.ok()) << bad;
    EXPECT_EQ(config.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(config.error().message.find("PORT"), std::string::npos);
  }
}

// LEDENBASE_ADMINS: none by default (unset, empty, "none" in any case), else a group name.
TEST(ConfigTest, LedenbaseAdminsIsNoneByDefaultOrAGroupName) {
  for (const char* none : {static_cast<const char*>(nullptr), "", "none", " None ", "NONE"}) {
    ScopedEnv admins("LEDENBASE_ADMINS", none);
    auto config = load_config_from_environment();
    ASSERT_TRUE(config.ok());
    EXPECT_EQ(config->ledenbase_admins_group, "") << (none ? none : "(unset)");
  }
  ScopedEnv admins("LEDENBASE_ADMINS", " Bestuur ");
  auto config = load_config_from_environment();
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->ledenbase_admins_group, "Bestuur");
}

// FLOW_SHRINKAGE_WARN_PERCENT: 10 by default, else a whole percentage 0..100.
TEST(ConfigTest, FlowShrinkageWarnPercentDefaultsToTenAndIsAPercentage) {
  {
    ScopedEnv unset("FLOW_SHRINKAGE_WARN_PERCENT", nullptr);
    auto config = load_config_from_environment();
    ASSERT_TRUE(config.ok());
    EXPECT_EQ(config->flow_shrinkage_warn_percent, 10);
  }
  for (auto [text, percent] : {std::pair{"0", 0}, std::pair{"25", 25}, std::pair{"100", 100}}) {
    ScopedEnv warn("FLOW_SHRINKAGE_WARN_PERCENT", text);
    auto config = load_config_from_environment();
    ASSERT_TRUE(config.ok()) << text;
    EXPECT_EQ(config->flow_shrinkage_warn_percent, percent);
  }
  for (const char* bad : {"-1", "101", "ten", "5%"}) {
    ScopedEnv warn("FLOW_SHRINKAGE_WARN_PERCENT", bad);
    auto config = load_config_from_environment();
    ASSERT_FALSE(config.ok()) << bad;
    EXPECT_NE(config.error().message.find("FLOW_SHRINKAGE_WARN_PERCENT"), std::string::npos);
  }
}

}  // namespace
}  // namespace mamon
