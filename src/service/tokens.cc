#include "service/tokens.h"

#include <jwt.h>
#include <openssl/rand.h>

#include <cmath>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

namespace mamon::service {
namespace {

using nlohmann::json;

struct JwtDeleter {
  void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtDeleter>;

struct CStringDeleter {
  void operator()(char* s) const { std::free(s); }
};
using CStringPtr = std::unique_ptr<char, CStringDeleter>;

Error invalid_token() { return make_error(ErrorCode::kUnauthenticated, "Token is invalid"); }

// Decodes unpadded base64url (RFC 7515 §2). nullopt on any character outside the alphabet.
std::optional<std::string> base64url_decode(std::string_view in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
  };
  if (in.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(in.size() * 3 / 4);
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int v = value(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

// The JOSE header must say HS256 before the token gets anywhere near libjwt: libjwt would accept
// alg "none" without a signature, and would feed other algorithms our HMAC key as a PEM key.
bool header_is_hs256(std::string_view token) {
  auto dot = token.find('.');
  if (dot == std::string_view::npos) return false;
  auto header_text = base64url_decode(token.substr(0, dot));
  if (!header_text) return false;
  json header = json::parse(*header_text, nullptr, /*allow_exceptions=*/false);
  if (!header.is_object()) return false;
  auto alg = header.find("alg");
  if (alg == header.end() || !alg->is_string() || alg->get<std::string>() != "HS256") return false;
  auto typ = header.find("typ");
  if (typ != header.end() && (!typ->is_string() || typ->get<std::string>() != "JWT")) return false;
  return !header.contains("crit") && !header.contains("enc");
}

// A numeric claim as whole seconds (JWT NumericDate may be fractional).
std::optional<std::int64_t> numeric_date(const json& claims, const char* name) {
  auto it = claims.find(name);
  if (it == claims.end()) return std::nullopt;
  if (it->is_number_integer()) return it->get<std::int64_t>();
  if (it->is_number_float()) {
    double v = it->get<double>();
    if (!std::isfinite(v) || std::fabs(v) > 1e15) return std::nullopt;
    return static_cast<std::int64_t>(std::floor(v));
  }
  return std::nullopt;
}

std::int64_t unix_seconds(TimestampUs t) {
  return t >= 0 ? t / 1'000'000 : -((-t + 999'999) / 1'000'000);
}

json common_claims(const TokenSubject& subject, std::string_view type, TimestampUs now,
                   std::int64_t lifetime_s, std::string_view jti) {
  std::int64_t iat = unix_seconds(now);
  json claims = json::object();
  claims["token_type"] = type;
  claims["exp"] = iat + lifetime_s;
  claims["iat"] = iat;
  claims["jti"] = jti;
  claims["user_id"] = subject.user_id;
  claims["username"] = subject.username;
  claims["name"] = subject.name;
  claims["roles"] = subject.roles;
  claims["personel_id"] = subject.personnel_id;
  claims["nickname"] = subject.nickname.empty() ? json(nullptr) : json(subject.nickname);
  claims["image"] = subject.image;
  return claims;
}

Result<IssuedToken> issue(json claims, std::string_view key) {
  IssuedToken issued;
  issued.jti = claims["jti"].get<std::string>();
  issued.expires_at_s = claims["exp"].get<std::int64_t>();
  MAMON_TRY(issued.token, sign_token(claims, key));
  return issued;
}

}  // namespace

Result<std::string> sign_token(const nlohmann::json& claims, std::string_view key) {
  if (!claims.is_object()) return make_error(ErrorCode::kInternal, "token claims must be an object");
  if (key.empty()) return make_error(ErrorCode::kInternal, "token signing key is empty");
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) return make_error(ErrorCode::kInternal, "jwt_new failed");
  JwtPtr jwt(raw);
  std::string claims_text = claims.dump();
  if (jwt_add_grants_json(jwt.get(), claims_text.c_str()) != 0) {
    return make_error(ErrorCode::kInternal, "jwt_add_grants_json failed");
  }
  if (jwt_set_alg(jwt.get(), JWT_ALG_HS256, reinterpret_cast<const unsigned char*>(key.data()),
                  static_cast<int>(key.size())) != 0) {
    return make_error(ErrorCode::kInternal, "jwt_set_alg failed");
  }
  CStringPtr encoded(jwt_encode_str(jwt.get()));
  if (!encoded) return make_error(ErrorCode::kInternal, "jwt_encode_str failed");
  return std::string(encoded.get());
}

Result<nlohmann::json> verify_token(std::string_view token, std::string_view key, TimestampUs now,
                                    ExpiryPolicy expiry) {
  if (key.empty() || token.empty() || token.size() > kTokenBytesMax) return invalid_token();
  if (token.find('\0') != std::string_view::npos) return invalid_token();
  if (!header_is_hs256(token)) return invalid_token();

  std::string token_text(token);
  jwt_t* raw = nullptr;
  if (jwt_decode(&raw, token_text.c_str(), reinterpret_cast<const unsigned char*>(key.data()),
                 static_cast<int>(key.size())) != 0) {
    return invalid_token();
  }
  JwtPtr jwt(raw);
  if (jwt_get_alg(jwt.get()) != JWT_ALG_HS256) return invalid_token();  // belt and braces

  CStringPtr grants(jwt_get_grants_json(jwt.get(), nullptr));
  if (!grants) return invalid_token();
  json claims = json::parse(grants.get(), nullptr, /*allow_exceptions=*/false);
  if (!claims.is_object()) return invalid_token();

  std::int64_t now_s = unix_seconds(now);
  if (claims.contains("exp") || expiry == ExpiryPolicy::kRequired) {
    auto exp = numeric_date(claims, "exp");
    if (!exp) return invalid_token();
    if (now_s >= *exp) return make_error(ErrorCode::kUnauthenticated, "Token is expired");
  }
  if (claims.contains("nbf")) {
    auto nbf = numeric_date(claims, "nbf");
    if (!nbf || now_s < *nbf) return invalid_token();
  }
  return claims;
}

nlohmann::json access_token_claims(const TokenSubject& subject, TimestampUs now,
                                   int lifetime_minutes, std::string_view jti) {
  return common_claims(subject, kAccessTokenType, now, std::int64_t{lifetime_minutes} * 60, jti);
}

nlohmann::json refresh_token_claims(const TokenSubject& subject, TimestampUs now, int lifetime_days,
                                    std::string_view jti) {
  return common_claims(subject, kRefreshTokenType, now, std::int64_t{lifetime_days} * 86'400, jti);
}

Result<IssuedToken> issue_access_token(const TokenSubject& subject, const Config& config,
                                       TimestampUs now) {
  return issue(access_token_claims(subject, now, config.access_token_minutes, new_token_id()),
               config.secret_key);
}

Result<IssuedToken> issue_refresh_token(const TokenSubject& subject, const Config& config,
                                        TimestampUs now) {
  return issue(refresh_token_claims(subject, now, config.refresh_token_days, new_token_id()),
               config.secret_key);
}

std::string new_token_id() {
  unsigned char bytes[16];
  // RAND_bytes only fails if the OS entropy source is broken; continuing would issue guessable ids.
  MAMON_CHECK_MSG(RAND_bytes(bytes, sizeof bytes) == 1, "RAND_bytes failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(32);
  for (unsigned char b : bytes) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xF]);
  }
  return out;
}

}  // namespace mamon::service
