#include "service/passwords.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <sodium.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/limits.h"

namespace mamon::service {
namespace {

constexpr std::string_view kArgon2idPrefix = "$argon2id$";
constexpr std::string_view kDjangoPbkdf2Algorithm = "pbkdf2_sha256";
// Django's pbkdf2_sha256 derives a key as long as the SHA-256 digest.
constexpr std::size_t kDjangoPbkdf2KeyBytes = 32;
// Django 5.1 uses 870,000 iterations; 10 million bounds the CPU one forged hash can cost a login
// (~5 s) while leaving room for any iteration count Django will plausibly use.
constexpr std::uint64_t kPbkdf2IterationsMax = 10'000'000;

// libsodium must be initialised once before use; a function-local static makes it thread-safe.
bool sodium_ready() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

// Strict standard base64 (with '=' padding, as Django writes it). nullopt on any other text.
std::optional<std::vector<unsigned char>> decode_base64(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  auto value_of = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::size_t padding = 0;
  if (text.back() == '=') ++padding;
  if (text.size() >= 2 && text[text.size() - 2] == '=') ++padding;
  std::vector<unsigned char> out;
  out.reserve(text.size() / 4 * 3);
  std::uint32_t buffer = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    int v = 0;
    if (i >= text.size() - padding) {
      if (text[i] != '=') return std::nullopt;
    } else {
      v = value_of(text[i]);
      if (v < 0) return std::nullopt;
    }
    buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
    if (i % 4 == 3) {
      out.push_back(static_cast<unsigned char>(buffer >> 16));
      out.push_back(static_cast<unsigned char>(buffer >> 8));
      out.push_back(static_cast<unsigned char>(buffer));
      buffer = 0;
    }
  }
  out.resize(out.size() - padding);
  return out;
}

// The parts of "pbkdf2_sha256$<iterations>$<salt>$<base64 key>".
struct DjangoPbkdf2Hash {
  std::uint64_t iterations = 0;
  std::string_view salt;
  std::vector<unsigned char> key;
};

std::optional<DjangoPbkdf2Hash> parse_django_pbkdf2(std::string_view stored) {
  std::array<std::string_view, 4> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    std::size_t end = stored.find('$', start);
    if (i + 1 < parts.size()) {
      if (end == std::string_view::npos) return std::nullopt;
      parts[i] = stored.substr(start, end - start);
      start = end + 1;
    } else {
      if (end != std::string_view::npos) return std::nullopt;  // more than four parts
      parts[i] = stored.substr(start);
    }
  }
  if (parts[0] != kDjangoPbkdf2Algorithm) return std::nullopt;
  DjangoPbkdf2Hash hash;
  if (parts[1].empty() || parts[1].size() > 9 || parts[1].front() == '0') return std::nullopt;
  for (char c : parts[1]) {
    if (c < '0' || c > '9') return std::nullopt;
    hash.iterations = hash.iterations * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (hash.iterations > kPbkdf2IterationsMax) return std::nullopt;
  if (parts[2].empty()) return std::nullopt;
  hash.salt = parts[2];
  auto key = decode_base64(parts[3]);
  if (!key || key->size() != kDjangoPbkdf2KeyBytes) return std::nullopt;
  hash.key = std::move(*key);
  return hash;
}

bool verify_django_pbkdf2(std::string_view password, const DjangoPbkdf2Hash& hash) {
  std::array<unsigned char, kDjangoPbkdf2KeyBytes> derived{};
  const int ok =
      PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                        reinterpret_cast<const unsigned char*>(hash.salt.data()),
                        static_cast<int>(hash.salt.size()), static_cast<int>(hash.iterations),
                        EVP_sha256(), static_cast<int>(derived.size()), derived.data());
  if (ok != 1) return false;
  return CRYPTO_memcmp(derived.data(), hash.key.data(), derived.size()) == 0;
}

bool is_argon2id(std::string_view stored) {
  return stored.starts_with(kArgon2idPrefix) && stored.size() < crypto_pwhash_STRBYTES;
}

std::atomic<std::uint64_t> dummy_verifications{0};

// The argon2id hash of 32 random bytes (hex), made once: nobody can type its password.
const std::string& dummy_hash() {
  static const std::string hash = [] {
    std::array<unsigned char, 32> secret{};
    std::array<char, secret.size() * 2 + 1> hex{};
    if (sodium_ready()) {
      randombytes_buf(secret.data(), secret.size());
      sodium_bin2hex(hex.data(), hex.size(), secret.data(), secret.size());
    }
    Result<std::string> made = hash_password(std::string_view(hex.data(), secret.size() * 2));
    // Out of memory at start-up: verify_password() then refuses it quickly, which only weakens
    // the timing guard; login stays correct.
    return made.ok() ? *made : std::string();
  }();
  return hash;
}

}  // namespace

Result<std::string> hash_password(std::string_view password) {
  if (password.empty()) {
    return make_error(ErrorCode::kInvalidInput, "the password must not be empty", "password");
  }
  if (password.size() > limits::kPasswordLengthMax) {
    return make_error(ErrorCode::kInvalidInput, "the password is too long", "password");
  }
  if (!sodium_ready()) return make_error(ErrorCode::kInternal, "libsodium failed to initialise");
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str(out.data(), password.data(), password.size(),
                        crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return make_error(ErrorCode::kInternal, "password hashing failed (out of memory)");
  }
  return std::string(out.data());
}

PasswordCheck verify_password(std::string_view password, std::string_view stored_hash) {
  if (password.empty() || password.size() > limits::kPasswordLengthMax) {
    return PasswordCheck::kMismatch;
  }
  if (is_argon2id(stored_hash)) {
    if (!sodium_ready()) return PasswordCheck::kMismatch;
    const std::string stored(stored_hash);  // libsodium wants a NUL-terminated string
    if (crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size()) != 0) {
      return PasswordCheck::kMismatch;
    }
    // 1: other parameters than today's; -1: unparsable (cannot happen after a verify) -> rehash.
    const int needs = crypto_pwhash_str_needs_rehash(
        stored.c_str(), crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE);
    return needs == 0 ? PasswordCheck::kMatch : PasswordCheck::kMatchNeedsRehash;
  }
  auto django = parse_django_pbkdf2(stored_hash);
  if (django && verify_django_pbkdf2(password, *django)) return PasswordCheck::kMatchNeedsRehash;
  return PasswordCheck::kMismatch;
}

void prepare_dummy_password_hash() {
  (void)dummy_hash();
}

void verify_dummy_password(std::string_view password) {
  dummy_verifications.fetch_add(1, std::memory_order_relaxed);
  // Same path as a real check (the result is always a mismatch; ignored).
  (void)verify_password(password, dummy_hash());
}

std::uint64_t dummy_password_verifications() {
  return dummy_verifications.load(std::memory_order_relaxed);
}

bool is_usable_password_hash(std::string_view stored_hash) {
  return is_argon2id(stored_hash) || parse_django_pbkdf2(stored_hash).has_value();
}

}  // namespace mamon::service
