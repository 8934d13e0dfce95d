#include "domain/permissions.h"

#include <algorithm>

#include "domain/users.h"

namespace mamon::domain {

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
  return is_personnel(caller);
}
bool can_top_up(const Caller& caller) {
  return is_personnel(caller) || caller.is_superuser;
}
bool can_refund(const Caller& caller) {
  return is_personnel(caller) || is_board(caller) || caller.is_superuser;
}
bool can_refund_any_amount(const Caller& caller) {
  return is_board(caller) || caller.is_superuser;
}
bool can_file_report(const Caller& caller) {
  return is_personnel(caller);
}
bool can_view_reports(const Caller& caller) {
  return is_personnel(caller) || is_board(caller) || caller.is_superuser;
}

bool can_link_card(const Caller& caller, std::int64_t owner_user_id) {
  return owner_user_id == caller.user_id || is_personnel(caller) || caller.is_superuser;
}
bool can_manage_card(const Caller& caller, std::int64_t owner_user_id) {
  return owner_user_id == caller.user_id || can_manage_any_card(caller);
}
bool can_manage_any_card(const Caller& caller) {
  return is_personnel(caller) || is_board(caller) || caller.is_superuser;
}

bool can_search_holders(const Caller& caller) {
  return is_personnel(caller) || is_board(caller) || caller.is_superuser;
}
bool can_view_holder(const Caller& caller, std::int64_t holder_id) {
  return caller.holder_id == holder_id || can_search_holders(caller);
}
bool can_view_all_purchases(const Caller& caller) {
  return can_search_holders(caller);
}
bool can_view_all_wallet_upgrades(const Caller& caller) {
  return can_search_holders(caller);
}

bool can_manage_products(const Caller& caller) {
  return is_board(caller) || caller.is_superuser;
}
bool can_view_overviews(const Caller& caller) {
  return is_board(caller) || caller.is_superuser;
}
bool can_manage_users(const Caller& caller) {
  return caller.is_superuser;
}

}  // namespace mamon::domain
