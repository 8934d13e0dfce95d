#include "base/ip_network.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace mamon {
namespace {

constexpr std::array<std::uint8_t, 12> kV4MappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

bool IpAddress::is_v4() const {
  return std::memcmp(bytes.data(), kV4MappedPrefix.data(), kV4MappedPrefix.size()) == 0;
}

std::string IpAddress::to_string() const {
  char text[INET6_ADDRSTRLEN] = {};
  if (is_v4()) {
    ::inet_ntop(AF_INET, bytes.data() + 12, text, sizeof text);
  } else {
    ::inet_ntop(AF_INET6, bytes.data(), text, sizeof text);
  }
  return text;
}

std::optional<IpAddress> parse_ip_address(std::string_view text) {
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  std::string copy(text);  // inet_pton wants a NUL-terminated string
  IpAddress ip;
  std::uint8_t v4[4];
  if (::inet_pton(AF_INET, copy.c_str(), v4) == 1) {
    std::memcpy(ip.bytes.data(), kV4MappedPrefix.data(), kV4MappedPrefix.size());
    std::memcpy(ip.bytes.data() + 12, v4, 4);
    return ip;
  }
  if (::inet_pton(AF_INET6, copy.c_str(), ip.bytes.data()) == 1) return ip;
  return std::nullopt;
}

bool IpNetwork::contains(const IpAddress& ip) const {
  int full_bytes = prefix_bits / 8;
  if (std::memcmp(ip.bytes.data(), address.bytes.data(), static_cast<std::size_t>(full_bytes)) !=
      0) {
    return false;
  }
  int rest = prefix_bits % 8;
  if (rest == 0) return true;
  auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
  return (ip.bytes[full_bytes] & mask) == address.bytes[full_bytes];
}

Result<IpNetwork> parse_ip_network(std::string_view text) {
  auto slash = text.find('/');
  std::string_view address_text = text.substr(0, slash);
  auto address = parse_ip_address(address_text);
  if (!address) {
    return make_error(ErrorCode::kInvalidInput,
                      "\"" + std::string(text) + "\" is not an IP address or CIDR range");
  }
  IpNetwork network{*address, 128};
  if (slash != std::string_view::npos) {
    std::string_view bits_text = text.substr(slash + 1);
    int bits = -1;
    auto [end, ec] = std::from_chars(bits_text.data(), bits_text.data() + bits_text.size(), bits);
    int bits_max = address->is_v4() ? 32 : 128;
    if (bits_text.empty() || ec != std::errc() || end != bits_text.data() + bits_text.size() ||
        bits < 0 || bits > bits_max) {
      return make_error(ErrorCode::kInvalidInput, "\"" + std::string(text) +
                                                      "\" has a bad prefix length (0 to " +
                                                      std::to_string(bits_max) + ")");
    }
    network.prefix_bits = address->is_v4() ? 96 + bits : bits;
  }
  // Clear the host bits, so that contains() compares whole bytes.
  for (int i = 0; i < 16; ++i) {
    int keep = std::clamp(network.prefix_bits - 8 * i, 0, 8);
    network.address.bytes[i] &= static_cast<std::uint8_t>(0xff00 >> keep);
  }
  return network;
}

Result<std::vector<IpNetwork>> parse_ip_network_list(std::string_view text) {
  std::vector<IpNetwork> out;
  if (trim(text).empty()) return out;
  for (;;) {
    auto comma = text.find(',');
    std::string_view entry = trim(text.substr(0, comma));
    if (entry.empty()) return make_error(ErrorCode::kInvalidInput, "an entry is empty");
    MAMON_TRY(IpNetwork network, parse_ip_network(entry));
    out.push_back(network);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

bool contains_address(const std::vector<IpNetwork>& networks, const IpAddress& ip) {
  for (const auto& network : networks) {
    if (network.contains(ip)) return true;
  }
  return false;
}

}  // namespace mamon
