#include "http/client_address.h"

#include "http/headers.h"

namespace mamon::http {
namespace {

bool is_port(std::string_view s) {
  if (s.empty() || s.size() > 5) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Splits "a, b,c" into its elements, appending to `out` in order.
void split_list(std::string_view list, std::vector<std::string_view>& out) {
  for (;;) {
    auto comma = list.find(',');
    out.push_back(trim_blanks(list.substr(0, comma)));
    if (comma == std::string_view::npos) return;
    list.remove_prefix(comma + 1);
  }
}

}  // namespace

std::optional<IpAddress> parse_forwarded_for_element(std::string_view text) {
  text = trim_blanks(text);
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty() && !(rest.front() == ':' && is_port(rest.substr(1)))) return std::nullopt;
    auto address = parse_ip_address(text.substr(1, close - 1));
    if (address && address->is_v4()) return std::nullopt;  // brackets are for IPv6
    return address;
  }
  auto colon = text.find(':');
  if (colon != std::string_view::npos && text.find(':', colon + 1) == std::string_view::npos) {
    // One colon: IPv4 with a port.
    if (!is_port(text.substr(colon + 1))) return std::nullopt;
    auto address = parse_ip_address(text.substr(0, colon));
    if (address && !address->is_v4()) return std::nullopt;
    return address;
  }
  return parse_ip_address(text);
}

std::string client_address(const IpAddress& peer,
                           const std::vector<std::string_view>& forwarded_for,
                           const std::vector<IpNetwork>& trusted_proxies) {
  if (!contains_address(trusted_proxies, peer)) return peer.to_string();
  std::vector<std::string_view> elements;
  for (std::string_view value : forwarded_for) split_list(value, elements);
  IpAddress hop = peer;  // the last trusted hop so far
  for (auto it = elements.rbegin(); it != elements.rend(); ++it) {
    auto address = parse_forwarded_for_element(*it);
    if (!address) break;
    if (!contains_address(trusted_proxies, *address)) return address->to_string();
    hop = *address;
  }
  return hop.to_string();
}

}  // namespace mamon::http
