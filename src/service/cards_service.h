// NFC cards (API.md "Holders and cards"): link, unlink, block, and look up by UID. UIDs are
// normalised (upper-case hex) before anything else, so lookups are case-insensitive. Each call is
// one database transaction.
// Thread-safe: every call takes its own pooled connection; the Clock and Database are shared.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "domain/cards.h"
#include "domain/permissions.h"
#include "domain/users.h"
#include "storage/database.h"

namespace mamon::service {

// A card with the holder (user, balance, personnel) it belongs to.
struct CardView {
  domain::Card card;
  domain::HolderView holder;
};

struct LinkCardRequest {
  std::string card_id;       // UID in hex, any case
  std::string card_name;     // a label, may be empty
  std::int64_t user_id = 0;  // whose card it becomes (the caller's own for POST /api/cards/)
};

// Checks, in order: the caller may link cards to this user (own, or anybody's with
// `link_cards`: kPermissionDenied); the UID and name are well-formed (kInvalidInput); the user
// exists and has a holder (kInvalidInput on field "user": it is named in the body); the UID is not
// linked yet, blocked or not (kCardAlreadyLinked). Writes an audit entry ("link_card", object
// "card").
Result<CardView> link_card(storage::Database& db, const Clock& clock, const domain::Caller& caller,
                           const LinkCardRequest& request);

// Removes the card. Error kInvalidInput (bad UID), kCardNotFound (unknown UID, blocked or not; also
// somebody else's card when the caller lacks `link_cards`, so that the answer
// does not reveal which cards exist).
Status unlink_card(storage::Database& db, const domain::Caller& caller, std::string_view card_id);

// Marks the card blocked (lost), with an audit-log entry in the same transaction; it stays
// linked but is no longer found by get_card (so the API refuses it at once: GET /api/cards/{id}
// answers 404). Blocking a blocked card changes nothing. Errors as unlink_card.
Status block_card(storage::Database& db, const Clock& clock, const domain::Caller& caller,
                  std::string_view card_id);

// The board's actions on one card of one holder (WEB.md §2 "Holders", /board/holders/{id}/):
// block (the card stays linked but the API refuses it at once), unblock, mark lost (a block
// that the audit log names "lost"; the schema has one blocked flag) and unlink (delete).
// Checks, in order: link_cards (kPermissionDenied); the UID is well-formed (kInvalidInput);
// the holder exists (kHolderNotFound); the card is linked to that holder's user (kCardNotFound).
// A block of a blocked card or an unblock of an unblocked one changes nothing and logs nothing;
// every change writes an audit entry (object "card", before -> after) in its transaction.
enum class CardAction { kBlock, kUnblock, kMarkLost, kUnlink };
Status change_holder_card(storage::Database& db, const Clock& clock, const domain::Caller& caller,
                          std::int64_t holder_id, std::string_view card_id, CardAction action);

// The cards of holder `holder_id` (blocked ones included, by id) for /cards/ and the board's
// holder detail: the caller's own, or any holder's with the reports permission (today
// view_reports). Error kHolderNotFound (also for a holder the caller may not read).
// Cards carry no "last used" instant: the schema does not record card use.
Result<std::vector<domain::Card>> list_holder_cards(storage::Database& db,
                                                    const domain::Caller& caller,
                                                    std::int64_t holder_id);

// The unblocked card with this UID. Error kInvalidInput (bad UID), kCardNotFound (unknown or
// blocked; also when the card is somebody else's and the caller may not search holders, so that
// the answer does not reveal whose cards exist).
Result<CardView> get_card(storage::Database& db, const domain::Caller& caller,
                          std::string_view card_id);

}  // namespace mamon::service
