// Small text helpers shared by every layer.
#pragma once

#include <string>
#include <string_view>

namespace mamon {

// `text` without leading and trailing spaces, tabs, carriage returns and newlines (what a form
// field or an API string is trimmed of before it is validated).
std::string trimmed(std::string_view text);

}  // namespace mamon
