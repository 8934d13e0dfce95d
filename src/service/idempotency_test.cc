#include "service/idempotency.h"

#include <gtest/gtest.h>

#include "base/limits.h"

namespace mamon::service {
namespace {

TEST(Sha256Hex, KnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(CanonicalRequest, LengthPrefixedFieldsCannotImitateEachOther) {
  CanonicalRequest a("sell");
  a.add("comment", "x\nmethod=4:cash").add("method", "pin");
  CanonicalRequest b("sell");
  b.add("comment", "x").add("method", "cash").add("method", "pin");
  EXPECT_NE(a.text(), b.text());
  EXPECT_EQ(CanonicalRequest("k").add("n", std::int64_t{12}).text(), "kind=1:k\nn=2:12\n");
  EXPECT_EQ(CanonicalRequest("k").add("n", std::optional<std::int64_t>()).text(),
            "kind=1:k\nn=1:-\n");
}

TEST(ValidateIdempotencyKey, ShapeOfAKey) {
  EXPECT_TRUE(validate_idempotency_key(std::nullopt).ok());
  EXPECT_TRUE(validate_idempotency_key("5f0c1c7e-2b43-4d7e-9a43-6a0c4f1b9e01").ok());
  EXPECT_TRUE(validate_idempotency_key(std::string(limits::kIdempotencyKeyLengthMax, 'k')).ok());
  for (std::string bad :
       {std::string(), std::string(limits::kIdempotencyKeyLengthMax + 1, 'k'),
        std::string("with space"), std::string("tab\t"), std::string("caf\xc3\xa9")}) {
    auto s = validate_idempotency_key(bad);
    ASSERT_FALSE(s.ok()) << bad;
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(s.error().field, "Idempotency-Key");
  }
}

}  // namespace
}  // namespace mamon::service
