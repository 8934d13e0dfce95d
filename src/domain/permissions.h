// Permissions (DESIGN.md §7, WEB.md §3): sixteen named permissions, granted to roles. A role is a
// group, or the built-in role Personnel, whose members are exactly the users with an ACTIVE
// personnel record. The grants are data (migration 0006 sets the defaults below; the groups page
// edits them); service::load_caller / caller_of(UserProfile) put the union of the caller's roles'
// grants into Caller::permissions. A superuser has every permission (in code, never in data).
//
// Services ask has_permission() or one of the can_* functions below before anything else and
// answer kNotPersonnel / kPermissionDenied (Error::permission names what is missing). Group names
// are never a decision: membership of e.g. "Bezoekers" is data that reports read.
//
// Two rules are not grants:
//   - selling and filing a bar report name their staff member, so they also need an active
//     personnel record — superusers included;
//   - a cash/PIN top-up also needs an active personnel record unless the caller is a superuser.
//     Bestuur holds `top_up` by default (WEB.md §3) but, as before the named permissions, a board
//     member without a personnel record is refused (kNotPersonnel): the app hands the money over
//     at the bar. Refunds have no such rule (the board refunds without being personnel).
// Pure functions; thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

namespace mamon::domain {

enum class Permission : std::uint8_t {
  kSell,             // sell at the POS / app; undo one's own last sale
  kTopUp,            // cash/PIN top-ups for a holder
  kRefund,           // refunds up to limits::kRefundWithoutBoardMaxCents
  kRefundAnyAmount,  // refunds above that bound
  kFileReport,       // opening / middle / closing counts
  kLinkCards,        // search holders, link and unlink anybody's cards
  kViewSales,        // the API's lists of purchases, reports, bar cycles and upgrades
  kViewReports,      // the website's overview, daily grid, cycles, purchases, holders, exports
  kVoidPurchase,     // reverse any purchase
  kManageProducts,   // products, categories
  kManagePersonnel,  // personnel records
  kManageStock,      // stock items, mutations, flow-meter settings
  kManageMeals,      // meals: create, close, charge
  kManageUsers,      // users, groups, permissions, credit floors, balance corrections
  kManageClients,    // client applications
  kViewAuditLog,     // the audit log
};
inline constexpr std::size_t kPermissionCount = 16;

// Every permission, in declaration order (the order of WEB.md §3's table).
const std::array<Permission, kPermissionCount>& all_permissions();
// The stable snake_case name, as in WEB.md §3 and the database: "refund_any_amount".
std::string_view permission_name(Permission permission);
// The inverse of permission_name (exact match); none for anything else.
std::optional<Permission> parse_permission(std::string_view name);
// One English sentence: what the permission lets a user do (the `permissions` table's text).
std::string_view permission_description(Permission permission);

// A set of permissions (a bit per permission). Cheap to copy.
class PermissionSet {
 public:
  PermissionSet() = default;
  PermissionSet(std::initializer_list<Permission> permissions);
  static PermissionSet all();

  bool contains(Permission p) const { return (bits_ & bit(p)) != 0; }
  void insert(Permission p) { bits_ |= bit(p); }
  void erase(Permission p) { bits_ &= ~bit(p); }
  bool empty() const { return bits_ == 0; }
  std::size_t size() const;
  // In declaration order.
  std::vector<Permission> to_vector() const;
  // Names in declaration order.
  std::vector<std::string> names() const;
  PermissionSet& operator|=(const PermissionSet& other) {
    bits_ |= other.bits_;
    return *this;
  }
  friend bool operator==(const PermissionSet&, const PermissionSet&) = default;

 private:
  static std::uint32_t bit(Permission p) { return std::uint32_t{1} << static_cast<unsigned>(p); }
  std::uint32_t bits_ = 0;
};

// Roles. The built-in role Personnel has no group row; it is addressed by kPersonnelRoleId
// (group ids start at 1).
inline constexpr std::int64_t kPersonnelRoleId = 0;
inline constexpr std::string_view kRolePersonnel = "Personnel";

// A role with its grants, as the groups page shows it.
struct Role {
  std::int64_t id = 0;  // the group's id; kPersonnelRoleId for the built-in role
  std::string name;     // the group's name; kRolePersonnel for the built-in role
  bool builtin = false;
  PermissionSet permissions;
  std::int64_t member_count = 0;  // group members; active personnel records for Personnel
};

// The default roles and their grants, WEB.md §3 (what migration 0006 writes): Personnel, Tapper,
// Bestuur, Kascommissie, Bezoekers. Superusers are not a role.
struct DefaultRole {
  std::string_view name;
  bool builtin = false;
  PermissionSet permissions;
};
const std::vector<DefaultRole>& default_roles();

// Who is asking: built once per request from the authenticated user (service::load_caller,
// service::caller_of, or the API's cached Principal).
struct Caller {
  std::int64_t user_id = 0;
  bool is_superuser = false;
  std::vector<std::string> groups;           // group names, e.g. "Bestuur", "Tapper" (data only)
  PermissionSet permissions;                 // granted to the caller's roles (not the superuser's)
  std::optional<std::int64_t> personnel_id;  // set only for an ACTIVE personnel record
  std::optional<std::int64_t> holder_id;     // the caller's own holder
};

// Superuser, or granted to one of the caller's roles.
bool has_permission(const Caller& caller, Permission permission);

// kPermissionDenied naming `missing` in Error::permission; `message` is the API's English detail.
Error permission_denied_error(Permission missing, std::string message);
// kNotPersonnel (no active personnel record); `missing`, if given, in Error::permission.
Error not_personnel_error(std::string message, std::optional<Permission> missing = std::nullopt);

// Membership (data, not a decision; kept for callers that show roles).
bool is_board(const Caller& caller);      // member of group "Bestuur"
bool is_tapper(const Caller& caller);     // member of group "Tapper"
bool is_personnel(const Caller& caller);  // has an active personnel record
bool in_group(const Caller& caller, const std::string& group);

// The capabilities services check, each through the permissions (header comment for the rules).
bool can_sell(const Caller& caller);    // kSell and an active personnel record
bool can_top_up(const Caller& caller);  // kTopUp and (active personnel record or superuser)
bool can_refund(const Caller& caller);  // kRefund
bool can_refund_any_amount(const Caller& caller);  // kRefundAnyAmount
bool can_file_report(const Caller& caller);        // kFileReport and an active personnel record
// The API's lists of bar reports and cycles (kViewSales).
bool can_view_sales(const Caller& caller);
// Naming another staff member by their credentials in a top-up, refund or report (the bar app's
// "personel" object): anybody who may do one of those (kTopUp, kRefund or kFileReport).
bool can_check_staff_credentials(const Caller& caller);

// Linking a card to `owner_user_id`: one's own, or anybody's with kLinkCards.
bool can_link_card(const Caller& caller, std::int64_t owner_user_id);
// Unlinking or blocking a card of `owner_user_id`: one's own, or anybody's with kLinkCards.
bool can_manage_card(const Caller& caller, std::int64_t owner_user_id);
// Anybody's card (kLinkCards). Others may not even learn that a card they do not own exists
// (the API answers 404 for it, as for an unknown card).
bool can_manage_any_card(const Caller& caller);

bool can_search_holders(const Caller& caller);  // kLinkCards
// One's own holder, or anybody's with kLinkCards.
bool can_view_holder(const Caller& caller, std::int64_t holder_id);
// Lists of purchases and wallet upgrades: everybody's with kViewSales, else only the caller's own.
bool can_view_all_purchases(const Caller& caller);
bool can_view_all_wallet_upgrades(const Caller& caller);

bool can_manage_products(const Caller& caller);  // kManageProducts
bool can_view_overviews(const Caller& caller);   // kViewReports
bool can_manage_users(const Caller& caller);     // kManageUsers

}  // namespace mamon::domain
