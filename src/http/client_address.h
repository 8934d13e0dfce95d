// The client address of a request (DESIGN.md §6): whom rate limits, logs and lockouts are about.
// Pure: no sockets.
//
// The client is the TCP peer, unless the peer is a trusted proxy (TRUSTED_PROXIES). Then it is the
// right-most address of X-Forwarded-For that is not itself a trusted proxy: every proxy appends
// the address it received the request from, so the entries right of the first untrusted one were
// written by our own proxies and everything left of it may be made up by the client.
//
// X-Forwarded-Proto is believed on the same terms; nothing reads it yet (every absolute URL comes
// from PUBLIC_URL, never from the request).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ip_network.h"

namespace mamon::http {

// One X-Forwarded-For element: "10.0.0.1", "10.0.0.1:5678", "2001:db8::1", "[2001:db8::1]" or
// "[2001:db8::1]:443", blanks around it ignored. nullopt for anything else ("unknown", names).
std::optional<IpAddress> parse_forwarded_for_element(std::string_view text);

// The client address as canonical text (IpAddress::to_string()). `forwarded_for` holds the
// values of every X-Forwarded-For header line in order (several lines form one comma-separated
// list). Walking right to left through the trusted hops, an element that is not an address ends
// the walk: the client is then the last trusted hop that passed it on. When every element is a
// trusted proxy (or there is none), the client is the left-most trusted hop (e.g. nginx itself).
std::string client_address(const IpAddress& peer,
                           const std::vector<std::string_view>& forwarded_for,
                           const std::vector<IpNetwork>& trusted_proxies);

}  // namespace mamon::http
