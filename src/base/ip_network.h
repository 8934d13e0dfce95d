// IP addresses and CIDR ranges, for TRUSTED_PROXIES (DESIGN.md §6) and the client address of a
// request. Pure value types over inet_pton/inet_ntop; no sockets, no DNS.
//
// IPv4 addresses are kept as IPv4-mapped IPv6 addresses (::ffff:a.b.c.d), so "10.0.0.1" and
// "::ffff:10.0.0.1" (how a dual-stack socket reports an IPv4 peer) are the same address, and an
// IPv4 range "10.0.0.0/8" is the IPv6 range ::ffff:10.0.0.0/104.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace mamon {

struct IpAddress {
  std::array<std::uint8_t, 16> bytes{};

  bool is_v4() const;  // an IPv4(-mapped) address
  // Canonical text: "10.0.0.1" for IPv4 (mapped or not), RFC 5952 form for IPv6 ("2001:db8::1").
  std::string to_string() const;
  friend bool operator==(const IpAddress&, const IpAddress&) = default;
};

// A literal IPv4 ("10.0.0.1") or IPv6 ("::1", "fe80::1") address; no brackets, ports, zones or
// host names. nullopt otherwise.
std::optional<IpAddress> parse_ip_address(std::string_view text);

struct IpNetwork {
  IpAddress address;      // with the bits past prefix_bits cleared
  int prefix_bits = 128;  // over the 128-bit (mapped) form

  bool contains(const IpAddress& ip) const;
};

// "10.0.0.1" (a single address), "10.0.0.0/8", "::1", "fd00::/8". Error kInvalidInput with the
// reason (not an address, prefix out of range).
Result<IpNetwork> parse_ip_network(std::string_view text);

// A comma-separated list of parse_ip_network() entries; blanks around entries are ignored, empty
// entries are errors (except for an entirely empty text, which is the empty list).
// Error kInvalidInput naming the bad entry.
Result<std::vector<IpNetwork>> parse_ip_network_list(std::string_view text);

// True if any network in `networks` contains `ip`.
bool contains_address(const std::vector<IpNetwork>& networks, const IpAddress& ip);

}  // namespace mamon
