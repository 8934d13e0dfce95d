#include "domain/cards.h"

#include <gtest/gtest.h>

#include "base/limits.h"

namespace mamon::domain {
namespace {

TEST(NormalizeCardUid, UpperCasesHex) {
  EXPECT_EQ(*normalize_card_uid("04a1b2c3"), "04A1B2C3");
  EXPECT_EQ(*normalize_card_uid("DEADBEEF"), "DEADBEEF");
  EXPECT_EQ(*normalize_card_uid("0"), "0");
  EXPECT_TRUE(normalize_card_uid(std::string(limits::kCardIdLengthMax, 'a')).ok());
}

TEST(NormalizeCardUid, RejectsEmptyLongAndNonHex) {
  for (std::string bad :
       {std::string(), std::string(limits::kCardIdLengthMax + 1, 'a'), std::string("04:A1"),
        std::string("xyz"), std::string("04 a1"), std::string("04a1\n")}) {
    auto r = normalize_card_uid(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(r.error().field, "card_id");
  }
}

TEST(ValidateCardName, LengthLimit) {
  EXPECT_TRUE(validate_card_name("").ok());
  EXPECT_TRUE(validate_card_name(std::string(limits::kNameLengthMax, 'n')).ok());
  EXPECT_EQ(validate_card_name(std::string(limits::kNameLengthMax + 1, 'n')).error().field,
            "card_name");
}

}  // namespace
}  // namespace mamon::domain
