#include "domain/permissions.h"

#include <algorithm>
#include <bit>

#include "domain/users.h"

namespace mamon::domain {
namespace {

struct PermissionInfo {
  Permission permission;
  std::string_view name;
  std::string_view description;
};

// WEB.md §3, in its order.
constexpr std::array<PermissionInfo, kPermissionCount> kPermissions = {{
    {Permission::kSell, "sell",
     "Sell at the POS / app; undo their own last sale within the undo window."},
    {Permission::kTopUp, "top_up", "Cash/PIN top-ups for a holder."},
    {Permission::kRefund, "refund",
     "Pay money out of a wallet, up to the per-refund bound (the app offers refunds)."},
    {Permission::kRefundAnyAmount, "refund_any_amount", "Refunds above the per-refund bound."},
    {Permission::kFileReport, "file_report", "Opening / middle / closing counts."},
    {Permission::kLinkCards, "link_cards", "Search holders, link and unlink cards."},
    {Permission::kViewSales, "view_sales",
     "The API's lists of purchases, reports, bar cycles and upgrades (the app shows them)."},
    {Permission::kViewReports, "view_reports",
     "The website's overview, daily grid, cycles, purchases, holders, exports."},
    {Permission::kVoidPurchase, "void_purchase", "Reverse any purchase."},
    {Permission::kManageProducts, "manage_products", "Products, categories."},
    {Permission::kManagePersonnel, "manage_personnel", "Personnel records."},
    {Permission::kManageStock, "manage_stock", "Stock items, mutations, flow-meter settings."},
    {Permission::kManageMeals, "manage_meals", "Meals: create, close, charge."},
    {Permission::kManageUsers, "manage_users",
     "Users, groups, permissions, credit floors, balance corrections."},
    {Permission::kManageClients, "manage_clients", "Client applications."},
    {Permission::kViewAuditLog, "view_audit_log", "The audit log."},
}};

const PermissionInfo& info(Permission permission) {
  return kPermissions[static_cast<std::size_t>(permission)];
}

}  // namespace

const std::array<Permission, kPermissionCount>& all_permissions() {
  static const std::array<Permission, kPermissionCount> all = [] {
    std::array<Permission, kPermissionCount> out{};
    for (std::size_t i = 0; i < kPermissionCount; ++i) out[i] = kPermissions[i].permission;
    return out;
  }();
  return all;
}

std::string_view permission_name(Permission permission) {
  return info(permission).name;
}

std::optional<Permission> parse_permission(std::string_view name) {
  for (const PermissionInfo& p : kPermissions) {
    if (p.name == name) return p.permission;
  }
  return std::nullopt;
}

std::string_view permission_description(Permission permission) {
  return info(permission).description;
}

PermissionSet::PermissionSet(std::initializer_list<Permission> permissions) {
  for (Permission p : permissions) insert(p);
}

PermissionSet PermissionSet::all() {
  PermissionSet set;
  for (Permission p : all_permissions()) set.insert(p);
  return set;
}

std::size_t PermissionSet::size() const {
  return static_cast<std::size_t>(std::popcount(bits_));
}

std::vector<Permission> PermissionSet::to_vector() const {
  std::vector<Permission> out;
  for (Permission p : all_permissions()) {
    if (contains(p)) out.push_back(p);
  }
  return out;
}

std::vector<std::string> PermissionSet::names() const {
  std::vector<std::string> out;
  for (Permission p : to_vector()) out.emplace_back(permission_name(p));
  return out;
}

const std::vector<DefaultRole>& default_roles() {
  using P = Permission;
  static const std::vector<DefaultRole> roles = {
      {kRolePersonnel,
       true,
       {P::kSell, P::kTopUp, P::kRefund, P::kFileReport, P::kLinkCards, P::kViewSales}},
      {kGroupTapper, false, {}},
      {kGroupBoard,
       false,
       {P::kTopUp, P::kRefund, P::kRefundAnyAmount, P::kLinkCards, P::kViewSales, P::kViewReports,
        P::kVoidPurchase, P::kManageProducts, P::kManagePersonnel, P::kManageStock, P::kManageMeals,
        P::kViewAuditLog}},
      {kGroupAuditCommittee, false, {P::kViewSales, P::kViewReports, P::kViewAuditLog}},
      {kGroupVisitors, false, {}},
  };
  return roles;
}

bool has_permission(const Caller& caller, Permission permission) {
  return caller.is_superuser || caller.permissions.contains(permission);
}

Error permission_denied_error(Permission missing, std::string message) {
  Error error = make_error(ErrorCode::kPermissionDenied, std::move(message));
  error.permission = std::string(permission_name(missing));
  return error;
}

Error not_personnel_error(std::string message, std::optional<Permission> missing) {
  Error error = make_error(ErrorCode::kNotPersonnel, std::move(message));
  if (missing) error.permission = std::string(permission_name(*missing));
  return error;
}

bool in_group(const Caller& caller, const std::string& group) {
  return std::find(caller.groups.begin(), caller.groups.end(), group) != caller.groups.end();
}

bool is_board(const Caller& caller) {
  return in_group(caller, std::string(kGroupBoard));
}
bool is_tapper(const Caller& caller) {
  return in_group(caller, std::string(kGroupTapper));
}
bool is_personnel(const Caller& caller) {
  return caller.personnel_id.has_value();
}

bool can_sell(const Caller& caller) {
  return is_personnel(caller) && has_permission(caller, Permission::kSell);
}
bool can_top_up(const Caller& caller) {
  return (is_personnel(caller) || caller.is_superuser) &&
         has_permission(caller, Permission::kTopUp);
}
bool can_refund(const Caller& caller) {
  return has_permission(caller, Permission::kRefund);
}
bool can_refund_any_amount(const Caller& caller) {
  return has_permission(caller, Permission::kRefundAnyAmount);
}
bool can_file_report(const Caller& caller) {
  return is_personnel(caller) && has_permission(caller, Permission::kFileReport);
}
bool can_view_sales(const Caller& caller) {
  return has_permission(caller, Permission::kViewSales);
}
bool can_check_staff_credentials(const Caller& caller) {
  return has_permission(caller, Permission::kTopUp) ||
         has_permission(caller, Permission::kRefund) ||
         has_permission(caller, Permission::kFileReport);
}

bool can_link_card(const Caller& caller, std::int64_t owner_user_id) {
  return owner_user_id == caller.user_id || has_permission(caller, Permission::kLinkCards);
}
bool can_manage_card(const Caller& caller, std::int64_t owner_user_id) {
  return owner_user_id == caller.user_id || can_manage_any_card(caller);
}
bool can_manage_any_card(const Caller& caller) {
  return has_permission(caller, Permission::kLinkCards);
}

bool can_search_holders(const Caller& caller) {
  return has_permission(caller, Permission::kLinkCards);
}
bool can_view_holder(const Caller& caller, std::int64_t holder_id) {
  return caller.holder_id == holder_id || can_search_holders(caller);
}
bool can_view_all_purchases(const Caller& caller) {
  return has_permission(caller, Permission::kViewSales);
}
bool can_view_all_wallet_upgrades(const Caller& caller) {
  return has_permission(caller, Permission::kViewSales);
}

bool can_manage_products(const Caller& caller) {
  return has_permission(caller, Permission::kManageProducts);
}
bool can_view_overviews(const Caller& caller) {
  return has_permission(caller, Permission::kViewReports);
}
bool can_manage_users(const Caller& caller) {
  return has_permission(caller, Permission::kManageUsers);
}

}  // namespace mamon::domain
