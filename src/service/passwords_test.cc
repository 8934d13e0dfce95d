#include "service/passwords.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <array>
#include <string>

#include "base/limits.h"

namespace mamon::service {
namespace {

// Django's own test vector (tests/auth_tests/test_hashers.py, Django 3.2):
// make_password('lètmein', 'seasalt', 'pbkdf2_sha256'). The key was recomputed independently with
// Python's hashlib.pbkdf2_hmac('sha256', 'lètmein'.encode(), b'seasalt', 260000).
constexpr std::string_view kDjangoVector =
    "pbkdf2_sha256$260000$seasalt$YlZ2Vggtqdc61YjArZuoApoBh9JNGYoDRBUGu6tcJQo=";
constexpr std::string_view kDjangoVectorPassword = "l\xc3\xa8tmein";  // "lètmein" in UTF-8

// The first user of ../shared/fixtures/starterDATA.json (GMaduro1).
constexpr std::string_view kFixtureUserHash =
    "pbkdf2_sha256$320000$Nj8dbCvPyWIdkC6PEsYTej$BiK9JVVPfZya1T+SeDfuq+SpYXxLld7rRImPZzvR5cM=";

TEST(PasswordsTest, DjangoVectorVerifiesAndAsksForRehash) {
  EXPECT_TRUE(is_usable_password_hash(kDjangoVector));
  EXPECT_EQ(verify_password(kDjangoVectorPassword, kDjangoVector),
            PasswordCheck::kMatchNeedsRehash);
}

TEST(PasswordsTest, DjangoVectorRejectsWrongPasswords) {
  EXPECT_EQ(verify_password("letmein", kDjangoVector), PasswordCheck::kMismatch);
  EXPECT_EQ(verify_password("l\xc3\xa8tmein ", kDjangoVector), PasswordCheck::kMismatch);
  EXPECT_EQ(verify_password("", kDjangoVector), PasswordCheck::kMismatch);
}

TEST(PasswordsTest, DjangoVectorWithAlteredPartsNeverMatches) {
  // Another iteration count, salt or key: the right password no longer matches.
  EXPECT_EQ(
      verify_password(kDjangoVectorPassword,
                      "pbkdf2_sha256$260001$seasalt$YlZ2Vggtqdc61YjArZuoApoBh9JNGYoDRBUGu6tcJQo="),
      PasswordCheck::kMismatch);
  EXPECT_EQ(
      verify_password(kDjangoVectorPassword,
                      "pbkdf2_sha256$260000$seasalu$YlZ2Vggtqdc61YjArZuoApoBh9JNGYoDRBUGu6tcJQo="),
      PasswordCheck::kMismatch);
  EXPECT_EQ(
      verify_password(kDjangoVectorPassword,
                      "pbkdf2_sha256$260000$seasalt$ZlZ2Vggtqdc61YjArZuoApoBh9JNGYoDRBUGu6tcJQo="),
      PasswordCheck::kMismatch);
}

TEST(PasswordsTest, FixtureUserHashIsRecognised) {
  EXPECT_TRUE(is_usable_password_hash(kFixtureUserHash));
  EXPECT_EQ(verify_password("not the password", kFixtureUserHash), PasswordCheck::kMismatch);
}

TEST(PasswordsTest, EmptyAndGarbageHashesNeverMatch) {
  for (std::string_view garbage : {
           std::string_view(""),
           std::string_view("!"),
           std::string_view("!unusable-django-password"),
           std::string_view("Feeling history trouble writer foot attack."),
           std::string_view("pbkdf2_sha256"),
           std::string_view("pbkdf2_sha256$$seasalt$YlZ2Vggtqdc61YjArZuoApoBh9JNGYoDRBUGu6tcJQo="),
           std::string_view("pbkdf2_sha256$0$seasalt$YlZ2Vggtqdc61YjArZuoApoBh9JNGYoDRBUGu6tcJQo="),
           std::string_view(
               "pbkdf2_sha256$abc$seasalt$YlZ2Vggtqdc61YjArZuoApoBh9JNGYoDRBUGu6tcJQo="),
           std::string_view("pbkdf2_sha256$260000$$YlZ2Vggtqdc61YjArZuoApoBh9JNGYoDRBUGu6tcJQo="),
           std::string_view("pbkdf2_sha256$260000$seasalt$"),
           std::string_view("pbkdf2_sha256$260000$seasalt$not base64!"),
           std::string_view("pbkdf2_sha256$260000$seasalt$YWJj"),  // decodes, but not 32 bytes
           std::string_view(
               "pbkdf2_sha256$260000$seasalt$YlZ2Vggtqdc61YjArZuoApoBh9JNGYoDRBUGu6tcJQo=$x"),
           std::string_view(
               "pbkdf2_sha256$999999999$seasalt$YlZ2Vggtqdc61YjArZuoApoBh9JNGYoDRBUGu6tcJQo="),
           std::string_view(
               "pbkdf2_sha1$260000$seasalt$YlZ2Vggtqdc61YjArZuoApoBh9JNGYoDRBUGu6tcJQo="),
           std::string_view("md5$seasalt$f5531bef9f3687d0ccf0f617f0e25573"),
           std::string_view("$argon2id$"),
           std::string_view("$argon2id$v=19$m=65536,t=2,p=1$garbage$garbage"),
       }) {
    SCOPED_TRACE(std::string(garbage));
    EXPECT_FALSE(is_usable_password_hash(garbage) && garbage.starts_with("pbkdf2"));
    EXPECT_EQ(verify_password("l\xc3\xa8tmein", garbage), PasswordCheck::kMismatch);
    EXPECT_EQ(verify_password("", garbage), PasswordCheck::kMismatch);
  }
  EXPECT_FALSE(is_usable_password_hash(""));
  EXPECT_FALSE(is_usable_password_hash("Feeling history trouble writer foot attack."));
}

TEST(PasswordsTest, Argon2RoundTrip) {
  auto hash = hash_password("correct horse battery staple");
  ASSERT_TRUE(hash.ok()) << hash.error().message;
  EXPECT_TRUE(hash->starts_with("$argon2id$")) << *hash;
  EXPECT_TRUE(is_usable_password_hash(*hash));
  EXPECT_EQ(verify_password("correct horse battery staple", *hash), PasswordCheck::kMatch);
  EXPECT_EQ(verify_password("correct horse battery stapl", *hash), PasswordCheck::kMismatch);
  EXPECT_EQ(verify_password("", *hash), PasswordCheck::kMismatch);
}

TEST(PasswordsTest, Argon2HashesAreSalted) {
  auto first = hash_password("same password");
  auto second = hash_password("same password");
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(second.ok());
  EXPECT_NE(*first, *second);
}

TEST(PasswordsTest, Argon2WithWeakerParametersNeedsRehash) {
  // A hash made with other (older, cheaper) parameters is accepted but flagged for an upgrade.
  ASSERT_GE(sodium_init(), 0);
  std::array<char, crypto_pwhash_STRBYTES> weak{};
  ASSERT_EQ(crypto_pwhash_str(weak.data(), "pw", 2, crypto_pwhash_OPSLIMIT_MIN,
                              crypto_pwhash_MEMLIMIT_MIN),
            0);
  EXPECT_TRUE(is_usable_password_hash(weak.data()));
  EXPECT_EQ(verify_password("pw", weak.data()), PasswordCheck::kMatchNeedsRehash);
  EXPECT_EQ(verify_password("pw2", weak.data()), PasswordCheck::kMismatch);
}

TEST(PasswordsTest, EmptyPasswordIsRefused) {
  auto hash = hash_password("");
  ASSERT_FALSE(hash.ok());
  EXPECT_EQ(hash.error().code, ErrorCode::kInvalidInput);
}

TEST(PasswordsTest, OverlongPasswordIsRefused) {
  const std::string long_password(limits::kPasswordLengthMax + 1, 'x');
  auto hash = hash_password(long_password);
  ASSERT_FALSE(hash.ok());
  EXPECT_EQ(hash.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(verify_password(long_password, kDjangoVector), PasswordCheck::kMismatch);
}

}  // namespace
}  // namespace mamon::service
