#include "domain/cards.h"

#include "base/limits.h"

namespace mamon::domain {

Result<std::string> normalize_card_uid(std::string_view uid) {
  if (uid.empty() || uid.size() > limits::kCardIdLengthMax) {
    return make_error(
        ErrorCode::kInvalidInput,
        "A card id has 1 to " + std::to_string(limits::kCardIdLengthMax) + " hex digits.",
        "card_id");
  }
  std::string out;
  out.reserve(uid.size());
  for (char c : uid) {
    if (c >= '0' && c <= '9') {
      out.push_back(c);
    } else if (c >= 'a' && c <= 'f') {
      out.push_back(static_cast<char>(c - 'a' + 'A'));
    } else if (c >= 'A' && c <= 'F') {
      out.push_back(c);
    } else {
      return make_error(ErrorCode::kInvalidInput, "A card id consists of hex digits only.",
                        "card_id");
    }
  }
  return out;
}

Status validate_card_name(std::string_view name) {
  if (name.size() > limits::kNameLengthMax) {
    return make_error(ErrorCode::kInvalidInput, "The card name is too long.", "card_name");
  }
  return ok_status();
}

}  // namespace mamon::domain
