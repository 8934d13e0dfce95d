#include "http/client_address.h"

#include <gtest/gtest.h>

namespace mamon::http {
namespace {

IpAddress ip(std::string_view text) {
  return parse_ip_address(text).value();
}

std::vector<IpNetwork> proxies(std::string_view list) {
  return parse_ip_network_list(list).value();
}

TEST(ClientAddressTest, WithoutTrustedProxiesThePeerIsTheClient) {
  EXPECT_EQ(client_address(ip("203.0.113.7"), {"198.51.100.1"}, {}), "203.0.113.7");
  EXPECT_EQ(client_address(ip("::ffff:203.0.113.7"), {}, {}), "203.0.113.7");
}

TEST(ClientAddressTest, AnUntrustedPeerCannotClaimAnotherAddress) {
  EXPECT_EQ(client_address(ip("203.0.113.7"), {"198.51.100.1"}, proxies("10.0.0.1")),
            "203.0.113.7");
}

TEST(ClientAddressTest, BehindATrustedProxyTheRightMostUntrustedEntryIsTheClient) {
  auto trusted = proxies("10.0.0.1");
  EXPECT_EQ(client_address(ip("10.0.0.1"), {"198.51.100.1"}, trusted), "198.51.100.1");
  // The client wrote "1.2.3.4" itself; nginx appended the address it saw.
  EXPECT_EQ(client_address(ip("10.0.0.1"), {"1.2.3.4, 198.51.100.1"}, trusted), "198.51.100.1");
}

TEST(ClientAddressTest, TrustedHopsAreSkippedAcrossHeaderLines) {
  auto trusted = proxies("10.0.0.0/8, fd00::/8");
  EXPECT_EQ(
      client_address(ip("10.0.0.1"), {"1.2.3.4, 198.51.100.1", "10.9.9.9", "fd00::5"}, trusted),
      "198.51.100.1");
  EXPECT_EQ(client_address(ip("10.0.0.1"), {"[2001:db8::7]:443, 10.0.0.2"}, trusted),
            "2001:db8::7");
}

TEST(ClientAddressTest, NoHeaderOrOnlyProxiesMeansTheFarthestProxy) {
  auto trusted = proxies("10.0.0.0/8");
  EXPECT_EQ(client_address(ip("10.0.0.1"), {}, trusted), "10.0.0.1");
  EXPECT_EQ(client_address(ip("10.0.0.1"), {"10.0.0.3, 10.0.0.2"}, trusted), "10.0.0.3");
}

TEST(ClientAddressTest, GarbageStopsTheWalkAtTheLastTrustedHop) {
  auto trusted = proxies("10.0.0.0/8");
  EXPECT_EQ(client_address(ip("10.0.0.1"), {"unknown, 10.0.0.2"}, trusted), "10.0.0.2");
  EXPECT_EQ(client_address(ip("10.0.0.1"), {"nonsense"}, trusted), "10.0.0.1");
  EXPECT_EQ(client_address(ip("10.0.0.1"), {"198.51.100.1, , 10.0.0.2"}, trusted), "10.0.0.2");
}

TEST(ClientAddressTest, ForwardedForElements) {
  EXPECT_EQ(parse_forwarded_for_element(" 1.2.3.4 ")->to_string(), "1.2.3.4");
  EXPECT_EQ(parse_forwarded_for_element("1.2.3.4:5678")->to_string(), "1.2.3.4");
  EXPECT_EQ(parse_forwarded_for_element("2001:db8::1")->to_string(), "2001:db8::1");
  EXPECT_EQ(parse_forwarded_for_element("[2001:db8::1]")->to_string(), "2001:db8::1");
  EXPECT_EQ(parse_forwarded_for_element("[2001:db8::1]:80")->to_string(), "2001:db8::1");
  for (std::string_view bad : {"", "unknown", "host.example", "1.2.3.4:", "1.2.3.4:http",
                               "[1.2.3.4]", "[2001:db8::1", "[2001:db8::1]x", "_hidden"}) {
    EXPECT_FALSE(parse_forwarded_for_element(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace mamon::http
