#include "service/cards_service.h"

#include <nlohmann/json.hpp>

#include "service/audit_trail.h"
#include "service/transactions.h"
#include "storage/cards_repo.h"
#include "storage/holders_repo.h"
#include "storage/users_repo.h"

namespace mamon::service {
namespace {

Error card_not_found() {
  return make_error(ErrorCode::kCardNotFound, "Card not found.", "card_id");
}

// The card (blocked or not) the caller may manage; kCardNotFound. Somebody else's card is "not
// found" too unless the caller may manage anybody's: a member must not be able to probe which
// card UIDs exist.
Result<domain::Card> managed_card(storage::Transaction& tx, const domain::Caller& caller,
                                  const std::string& uid) {
  MAMON_TRY(std::optional<domain::Card> card, storage::find_card_by_uid(tx, uid));
  if (!card || !domain::can_manage_card(caller, card->user_id)) return card_not_found();
  return *card;
}

Status audit_card(storage::Transaction& tx, const Clock& clock, const domain::Caller& caller,
                  std::string action, const domain::Card& card, nlohmann::json change) {
  nlohmann::json detail{{"card_id", card.card_id}, {"user_id", card.user_id}};
  detail.update(change);
  return record_change(tx, caller, action, "card", card.id, detail, clock.now_us());
}

}  // namespace

Result<CardView> link_card(storage::Database& db, const Clock& clock, const domain::Caller& caller,
                           const LinkCardRequest& request) {
  // Validations that need no database.
  if (!domain::can_link_card(caller, request.user_id)) {
    Error error = domain::permission_denied_error(
        domain::Permission::kLinkCards, "Only bar staff can link cards to somebody else.");
    error.field = "user";
    return error;
  }
  MAMON_TRY(std::string uid, domain::normalize_card_uid(request.card_id));
  MAMON_RETURN_IF_ERROR(domain::validate_card_name(request.card_name));

  return run_transaction(
      db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Result<CardView> {
        // Validations against the database.
        Result<domain::HolderView> holder = storage::find_holder_view_by_user(tx, request.user_id);
        if (!holder.ok()) {
          if (holder.error().code != ErrorCode::kHolderNotFound) {
            return holder.error();
          }
          // Named inside the body: a validation error (400) on the field, not a missing URL.
          return make_error(ErrorCode::kInvalidInput,
                            "User " + std::to_string(request.user_id) + " does not exist.", "user");
        }
        MAMON_TRY(std::optional<domain::Card> existing, storage::find_card_by_uid(tx, uid));
        if (existing) {
          return make_error(ErrorCode::kCardAlreadyLinked, "This card is linked already.",
                            "card_id");
        }
        // ---- Write. A concurrent link of the same UID loses on UNIQUE. ----
        Result<domain::Card> card = storage::insert_card(
            tx, storage::NewCard{uid, request.card_name, request.user_id, clock.now_us()});
        if (!card.ok() && card.error().code == ErrorCode::kConflict) {
          return make_error(ErrorCode::kCardAlreadyLinked, "This card is linked already.",
                            "card_id");
        }
        MAMON_TRY(domain::Card linked, std::move(card));
        MAMON_RETURN_IF_ERROR(
            audit_card(tx, clock, caller, "link_card", linked,
                       {{"linked", {false, true}}, {"card_name", linked.card_name}}));
        return CardView{std::move(linked), std::move(*holder)};
      });
}

Status unlink_card(storage::Database& db, const domain::Caller& caller, std::string_view card_id) {
  MAMON_TRY(std::string uid, domain::normalize_card_uid(card_id));
  return run_transaction(db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Status {
    MAMON_TRY(domain::Card card, managed_card(tx, caller, uid));
    return storage::delete_card(tx, card.id);
  });
}

Status block_card(storage::Database& db, const Clock& clock, const domain::Caller& caller,
                  std::string_view card_id) {
  MAMON_TRY(std::string uid, domain::normalize_card_uid(card_id));
  return run_transaction(db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Status {
    MAMON_TRY(domain::Card card, managed_card(tx, caller, uid));
    if (card.blocked) return ok_status();  // blocked already: nothing changes, nothing logged
    MAMON_RETURN_IF_ERROR(storage::set_card_blocked(tx, card.id, true));
    return audit_card(tx, clock, caller, "block_card", card, {{"blocked", {false, true}}});
  });
}

Status change_holder_card(storage::Database& db, const Clock& clock, const domain::Caller& caller,
                          std::int64_t holder_id, std::string_view card_id, CardAction action) {
  if (!domain::has_permission(caller, domain::Permission::kLinkCards)) {
    return domain::permission_denied_error(domain::Permission::kLinkCards,
                                           "Only bar staff and the board can manage cards.");
  }
  MAMON_TRY(std::string uid, domain::normalize_card_uid(card_id));
  return run_transaction(db, storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Status {
    MAMON_TRY(domain::Holder holder, storage::find_holder(tx, holder_id));
    MAMON_TRY(std::optional<domain::Card> found, storage::find_card_by_uid(tx, uid));
    if (!found || found->user_id != holder.user_id) return card_not_found();
    const domain::Card& card = *found;
    switch (action) {
      case CardAction::kUnlink:
        MAMON_RETURN_IF_ERROR(storage::delete_card(tx, card.id));
        return audit_card(tx, clock, caller, "unlink_card", card,
                          {{"linked", {true, false}}, {"blocked", card.blocked}});
      case CardAction::kUnblock:
        if (!card.blocked) return ok_status();
        MAMON_RETURN_IF_ERROR(storage::set_card_blocked(tx, card.id, false));
        return audit_card(tx, clock, caller, "unblock_card", card, {{"blocked", {true, false}}});
      case CardAction::kBlock:
      case CardAction::kMarkLost:
        if (card.blocked) return ok_status();
        MAMON_RETURN_IF_ERROR(storage::set_card_blocked(tx, card.id, true));
        return audit_card(tx, clock, caller,
                          action == CardAction::kBlock ? "block_card" : "mark_card_lost", card,
                          {{"blocked", {false, true}}});
    }
    MAMON_CHECK_MSG(false, "unknown CardAction");
    return ok_status();
  });
}

Result<std::vector<domain::Card>> list_holder_cards(storage::Database& db,
                                                    const domain::Caller& caller,
                                                    std::int64_t holder_id) {
  return run_transaction(
      db, storage::TxMode::kRead,
      [&](storage::Transaction& tx) -> Result<std::vector<domain::Card>> {
        if (caller.holder_id != holder_id &&
            !domain::has_permission(caller, domain::Permission::kViewReports)) {
          return make_error(ErrorCode::kHolderNotFound,
                            "Holder " + std::to_string(holder_id) + " does not exist.", "holder");
        }
        MAMON_TRY(domain::Holder holder, storage::find_holder(tx, holder_id));
        return storage::list_cards_of_user(tx, holder.user_id);
      });
}

Result<CardView> get_card(storage::Database& db, const domain::Caller& caller,
                          std::string_view card_id) {
  MAMON_TRY(std::string uid, domain::normalize_card_uid(card_id));
  return run_transaction(
      db, storage::TxMode::kRead, [&](storage::Transaction& tx) -> Result<CardView> {
        MAMON_TRY(std::optional<domain::Card> card, storage::find_card_by_uid(tx, uid));
        if (!card || card->blocked) return card_not_found();
        if (card->user_id != caller.user_id && !domain::can_search_holders(caller)) {
          return card_not_found();
        }
        MAMON_TRY(domain::HolderView holder, storage::find_holder_view_by_user(tx, card->user_id));
        return CardView{std::move(*card), std::move(holder)};
      });
}

}  // namespace mamon::service
