#include "http/web/manage_tabs.h"

#include <array>
#include <string_view>

namespace mamon::http::web {
namespace {

struct Tab {
  std::string_view href;
  std::string_view label_key;
  domain::Permission permission;
};

// The management pages, in the order of WEB.md §2b.
constexpr std::array<Tab, 9> kTabs = {{
    {"/manage/users/", "manage.tab.users", domain::Permission::kManageUsers},
    {"/manage/groups/", "manage.tab.groups", domain::Permission::kManageUsers},
    {"/manage/personnel/", "manage.tab.personnel", domain::Permission::kManagePersonnel},
    {"/manage/products/", "manage.tab.products", domain::Permission::kManageProducts},
    {"/manage/categories/", "manage.tab.categories", domain::Permission::kManageProducts},
    {"/manage/stock/", "nav.manage_stock", domain::Permission::kManageStock},
    {"/manage/meals/", "nav.manage_meals", domain::Permission::kManageMeals},
    {"/manage/clients/", "manage.tab.clients", domain::Permission::kManageClients},
    {"/manage/audit/", "nav.manage_audit", domain::Permission::kViewAuditLog},
}};

}  // namespace

nlohmann::json manage_tabs_view(const Page& page) {
  nlohmann::json items = nlohmann::json::array();
  if (!page.session) return {{"label", page.text("manage.tabs")}, {"items", items}};
  for (const Tab& tab : kTabs) {
    if (!domain::has_permission(page.session->caller, tab.permission)) continue;
    items.push_back({{"href", tab.href},
                     {"label", page.text(tab.label_key)},
                     {"current", page.request.path.starts_with(tab.href)}});
  }
  return {{"label", page.text("manage.tabs")}, {"items", std::move(items)}};
}

std::optional<std::string> first_manage_path(const domain::Caller& caller) {
  for (const Tab& tab : kTabs) {
    if (domain::has_permission(caller, tab.permission)) return std::string(tab.href);
  }
  return std::nullopt;
}

}  // namespace mamon::http::web
