// The tabs of the management pages (issue 9: one "Manage" entry in the navigation, tabs under
// it): only the tabs the user may open (domain/permissions.h), the current one marked.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "domain/permissions.h"
#include "http/web/page.h"

namespace mamon::http::web {

// {"label", "items": [{"href", "label", "current"}]} for _manage_tabs.mustache (key manage_tabs).
nlohmann::json manage_tabs_view(const Page& page);

// The first management page `caller` may open (the navigation's "Manage" link), or none.
std::optional<std::string> first_manage_path(const domain::Caller& caller);

}  // namespace mamon::http::web
