// Permissions (DESIGN.md §7), as small pure functions over the Caller; services call them before
// anything else and answer kNotPersonnel / kPermissionDenied. The matrix:
//
//   holder (any user)  own balance and history, own cards, online top-up
//   personnel          sell, cash/PIN top-ups AND refunds, reports, search holders, link cards,
//                      see all purchases / upgrades / reports
//   Bestuur (board)    backoffice overviews, products, categories, personnel, refunds, exports
//   superuser          everything (but selling and filing reports still need a personnel record,
//                      because a purchase names its seller and a report its staff member)
//
// Decision on refunds: DESIGN.md gives refunds to the board, but the bar app (API.md) pays out
// refunds through POST /api/walletupgrades/ with refund:true as a tapper; so active personnel may
// refund too. The floor still applies, and every refund names the handling personnel.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mamon::domain {

// Who is asking: built once per request from the authenticated user (service::load_caller).
struct Caller {
  std::int64_t user_id = 0;
  bool is_superuser = false;
  std::vector<std::string> groups;           // group names, e.g. "Bestuur", "Tapper"
  std::optional<std::int64_t> personnel_id;  // set only for an ACTIVE personnel record
  std::optional<std::int64_t> holder_id;     // the caller's own holder
};

bool is_board(const Caller& caller);      // member of group "Bestuur"
bool is_tapper(const Caller& caller);     // member of group "Tapper"
bool is_personnel(const Caller& caller);  // has an active personnel record
bool in_group(const Caller& caller, const std::string& group);

bool can_sell(const Caller& caller);
bool can_top_up(const Caller& caller);
bool can_refund(const Caller& caller);
// Refunds above limits::kRefundWithoutBoardMaxCents: the board and superusers only (bar staff are
// bounded per refund; the website issue turns this into the permission `refund_any_amount`).
bool can_refund_any_amount(const Caller& caller);
bool can_file_report(const Caller& caller);
bool can_view_reports(const Caller& caller);

// Linking a card to `owner_user_id`: one's own, or personnel / superuser for anybody.
bool can_link_card(const Caller& caller, std::int64_t owner_user_id);
// Unlinking or blocking a card of `owner_user_id`: one's own, or personnel / board / superuser.
bool can_manage_card(const Caller& caller, std::int64_t owner_user_id);
// Anybody's card: personnel / board / superuser. Others may not even learn that a card they do
// not own exists (the API answers 404 for it, as for an unknown card).
bool can_manage_any_card(const Caller& caller);

bool can_search_holders(const Caller& caller);
bool can_view_holder(const Caller& caller, std::int64_t holder_id);
// Lists of purchases and wallet upgrades: everybody's, else only the caller's own.
bool can_view_all_purchases(const Caller& caller);
bool can_view_all_wallet_upgrades(const Caller& caller);

bool can_manage_products(const Caller& caller);
bool can_view_overviews(const Caller& caller);
bool can_manage_users(const Caller& caller);

}  // namespace mamon::domain
