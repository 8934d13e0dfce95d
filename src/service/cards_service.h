// NFC cards (API.md "Holders and cards"): link, unlink, block, and look up by UID. UIDs are
// normalised (upper-case hex) before anything else, so lookups are case-insensitive. Each call is
// one database transaction.
// Thread-safe: every call takes its own pooled connection; the Clock and Database are shared.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

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
// `link_cards`: kPermissionDenied); the UID and name are well-formed (kInvalidInput); the user exists and has
// a holder (kInvalidInput on field "user": it is named in the body); the UID is not linked yet,
// blocked or not (kCardAlreadyLinked).
Result<CardView> link_card(storage::Database& db, const Clock& clock, const domain::Caller& caller,
                           const LinkCardRequest& request);

// Removes the card. Error kInvalidInput (bad UID), kCardNotFound (unknown UID, blocked or not; also
// somebody else's card when the caller lacks `link_cards`, so that the answer
// does not reveal which cards exist).
Status unlink_card(storage::Database& db, const domain::Caller& caller, std::string_view card_id);

// Marks the card blocked (lost); it stays linked but is no longer found by get_card. Errors as
// unlink_card.
Status block_card(storage::Database& db, const domain::Caller& caller, std::string_view card_id);

// The unblocked card with this UID. Error kInvalidInput (bad UID), kCardNotFound (unknown or
// blocked; also when the card is somebody else's and the caller may not search holders, so that
// the answer does not reveal whose cards exist).
Result<CardView> get_card(storage::Database& db, const domain::Caller& caller,
                          std::string_view card_id);

}  // namespace mamon::service
