#include "base/error.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace mamon {
namespace {

// Every code has a distinct snake_case wire name and a kind; adding a code without them fails here.
TEST(ErrorCodes, EveryCodeHasAUniqueSnakeCaseName) {
  std::set<std::string> names;
  for (int i = 0; i <= static_cast<int>(ErrorCode::kMalformedRecord); ++i) {
    auto code = static_cast<ErrorCode>(i);
    std::string name(error_code_name(code));
    EXPECT_FALSE(name.empty());
    for (char c : name) EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '_') << name;
    EXPECT_TRUE(names.insert(name).second) << "duplicate name " << name;
  }
  EXPECT_EQ(error_code_kind(ErrorCode::kInsufficientFunds), ErrorKind::kInvalid);
  EXPECT_EQ(error_code_kind(ErrorCode::kInvalidJson), ErrorKind::kInvalid);
  EXPECT_EQ(error_code_name(ErrorCode::kInvalidJson), "invalid_json");
  EXPECT_EQ(error_code_kind(ErrorCode::kNotPersonnel), ErrorKind::kForbidden);
  EXPECT_EQ(error_code_kind(ErrorCode::kIdempotencyKeyReused), ErrorKind::kConflict);
  EXPECT_EQ(error_code_kind(ErrorCode::kCardNotFound), ErrorKind::kNotFound);
  EXPECT_EQ(error_code_kind(ErrorCode::kTransactionConflict), ErrorKind::kUnavailable);
}

}  // namespace
}  // namespace mamon
