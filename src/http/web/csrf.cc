#include "http/web/csrf.h"

#include <sodium.h>

#include "base/check.h"

namespace mamon::http::web {
namespace {

std::string to_hex(const unsigned char* bytes, std::size_t size) {
  std::string hex(size * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, size);
  hex.pop_back();
  return hex;
}

// The MAC key: SHA-256 of a purpose label and SECRET_KEY (so the session key is not the JWT key
// as such, and any SECRET_KEY length works).
void mac_key(std::string_view secret_key, unsigned char key[crypto_auth_KEYBYTES]) {
  static_assert(crypto_auth_KEYBYTES == crypto_hash_sha256_BYTES);
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  constexpr std::string_view kLabel = "mamon web csrf v1\n";
  crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(kLabel.data()),
                            kLabel.size());
  crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(secret_key.data()),
                            secret_key.size());
  crypto_hash_sha256_final(&state, key);
}

std::string mac_hex(std::string_view secret_key, std::string_view nonce) {
  unsigned char key[crypto_auth_KEYBYTES];
  mac_key(secret_key, key);
  unsigned char mac[crypto_auth_BYTES];
  crypto_auth(mac, reinterpret_cast<const unsigned char*>(nonce.data()), nonce.size(), key);
  sodium_memzero(key, sizeof key);
  return to_hex(mac, sizeof mac);
}

// "scheme://host[:port]" of an absolute URL, lower-cased scheme and host; "" if not one.
std::string origin_of(std::string_view url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) return {};
  auto host_end = url.find_first_of("/?#", scheme_end + 3);
  std::string origin(url.substr(0, host_end));
  for (char& c : origin) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return origin;
}

}  // namespace

std::string new_signed_csrf_token(std::string_view secret_key) {
  MAMON_CHECK(sodium_init() >= 0);
  unsigned char nonce_bytes[32];
  randombytes_buf(nonce_bytes, sizeof nonce_bytes);
  const std::string nonce = to_hex(nonce_bytes, sizeof nonce_bytes);
  return nonce + "." + mac_hex(secret_key, nonce);
}

bool verify_signed_csrf_token(std::string_view secret_key, std::string_view token) {
  auto dot = token.find('.');
  if (dot != 64 || token.size() != 64 + 1 + 2 * crypto_auth_BYTES) return false;
  return tokens_equal(token.substr(dot + 1), mac_hex(secret_key, token.substr(0, dot)));
}

bool tokens_equal(std::string_view a, std::string_view b) {
  if (a.empty() || a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string expected_origin(const Request& request, const Config& config) {
  if (config.public_url_set) return origin_of(config.public_url);
  return origin_of("http://" + std::string(request.headers.value_or_empty("Host")));
}

bool origin_allowed(const Request& request, const Config& config) {
  std::optional<std::string_view> origin = request.headers.get("Origin");
  std::string sent;
  if (origin) {
    sent = origin_of(*origin);  // "null" (sandboxed, privacy) has no scheme: refused
  } else if (std::optional<std::string_view> referer = request.headers.get("Referer")) {
    sent = origin_of(*referer);
  } else {
    return true;  // neither sent: the token alone decides
  }
  return !sent.empty() && sent == expected_origin(request, config);
}

}  // namespace mamon::http::web
