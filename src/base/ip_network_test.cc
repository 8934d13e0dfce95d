#include "base/ip_network.h"

#include <gtest/gtest.h>

namespace mamon {
namespace {

IpAddress ip(std::string_view text) {
  auto parsed = parse_ip_address(text);
  EXPECT_TRUE(parsed.has_value()) << text;
  return parsed.value_or(IpAddress{});
}

IpNetwork net(std::string_view text) {
  auto parsed = parse_ip_network(text);
  EXPECT_TRUE(parsed.ok()) << text;
  return parsed.ok() ? *parsed : IpNetwork{};
}

TEST(IpAddressTest, ParsesAndPrintsCanonically) {
  EXPECT_EQ(ip("10.0.0.1").to_string(), "10.0.0.1");
  EXPECT_TRUE(ip("10.0.0.1").is_v4());
  EXPECT_EQ(ip("::ffff:10.0.0.1"), ip("10.0.0.1"));  // a dual-stack socket's IPv4 peer
  EXPECT_EQ(ip("::ffff:10.0.0.1").to_string(), "10.0.0.1");
  EXPECT_EQ(ip("2001:DB8:0:0::1").to_string(), "2001:db8::1");
  EXPECT_FALSE(ip("::1").is_v4());
  for (std::string_view bad : {"", "10.0.0", "10.0.0.256", "localhost", "[::1]", "10.0.0.1:80",
                               "::1%eth0", " 10.0.0.1", "1::2::3"}) {
    EXPECT_FALSE(parse_ip_address(bad).has_value()) << bad;
  }
}

TEST(IpNetworkTest, SingleAddressesAndRanges) {
  EXPECT_TRUE(net("10.0.0.1").contains(ip("10.0.0.1")));
  EXPECT_FALSE(net("10.0.0.1").contains(ip("10.0.0.2")));
  EXPECT_TRUE(net("10.0.0.0/8").contains(ip("10.255.1.2")));
  EXPECT_FALSE(net("10.0.0.0/8").contains(ip("11.0.0.1")));
  EXPECT_TRUE(net("192.168.1.77/20").contains(ip("192.168.15.1")));  // host bits are ignored
  EXPECT_FALSE(net("192.168.1.77/20").contains(ip("192.168.16.1")));
  EXPECT_TRUE(net("0.0.0.0/0").contains(ip("8.8.8.8")));
  EXPECT_FALSE(net("0.0.0.0/0").contains(ip("::1")));  // IPv4 ranges hold IPv4 addresses only
  EXPECT_TRUE(net("fd00::/8").contains(ip("fd12:3456::1")));
  EXPECT_FALSE(net("fd00::/8").contains(ip("fe80::1")));
  EXPECT_TRUE(net("::1").contains(ip("::1")));
  EXPECT_TRUE(net("10.0.0.0/8").contains(ip("::ffff:10.1.2.3")));
}

TEST(IpNetworkTest, BadEntriesAreErrors) {
  for (std::string_view bad : {"", "/8", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/8x",
                               "::/129", "proxy.local", "10.0.0.0/8/8"}) {
    EXPECT_FALSE(parse_ip_network(bad).ok()) << bad;
  }
}

TEST(IpNetworkTest, ListsAreCommaSeparated) {
  auto empty = parse_ip_network_list("  ");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
  auto two = parse_ip_network_list(" 127.0.0.1 , 10.0.0.0/8,::1");
  ASSERT_TRUE(two.ok());
  ASSERT_EQ(two->size(), 3u);
  EXPECT_TRUE(contains_address(*two, ip("10.9.9.9")));
  EXPECT_TRUE(contains_address(*two, ip("::1")));
  EXPECT_FALSE(contains_address(*two, ip("127.0.0.2")));
  auto bad = parse_ip_network_list("127.0.0.1,,10.0.0.1");
  ASSERT_FALSE(bad.ok());
  auto named = parse_ip_network_list("127.0.0.1, nginx");
  ASSERT_FALSE(named.ok());
  EXPECT_NE(named.error().message.find("nginx"), std::string::npos);
}

}  // namespace
}  // namespace mamon
