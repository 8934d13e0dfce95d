#include "http/middleware/request_id.h"

#include <random>

namespace mamon::http {

bool is_acceptable_request_id(std::string_view id) {
  if (id.empty() || id.size() > kRequestIdLengthMax) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

std::string accept_or_make_request_id(std::optional<std::string_view> incoming) {
  if (incoming && is_acceptable_request_id(*incoming)) return std::string(*incoming);
  // Request ids need to be unique, not secret: a per-thread PRNG seeded once is enough.
  thread_local std::mt19937_64 generator{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  id.reserve(32);
  for (int half = 0; half < 2; ++half) {
    std::uint64_t bits = generator();
    for (int i = 0; i < 16; ++i) {
      id.push_back(kHex[bits & 0xF]);
      bits >>= 4;
    }
  }
  return id;
}

}  // namespace mamon::http
