// NFC cards (API.md "Holders and cards"). UIDs arrive here already normalised (upper-case hex,
// domain::normalize_card_uid); the schema refuses anything else. All calls run inside the
// caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "domain/cards.h"
#include "storage/database.h"

namespace mamon::storage {

struct NewCard {
  std::string card_id;  // normalised UID
  std::string card_name;
  std::int64_t user_id = 0;
  TimestampUs created_at_us = 0;
};

// Error kConflict if the UID is linked already (blocked or not).
Result<domain::Card> insert_card(Transaction& tx, const NewCard& card);

// The card with this (normalised) UID, blocked or not, if any.
Result<std::optional<domain::Card>> find_card_by_uid(Transaction& tx, std::string_view card_id);

// The user's cards, blocked ones included, by id.
Result<std::vector<domain::Card>> list_cards_of_user(Transaction& tx, std::int64_t user_id);

// Error kCardNotFound if there is no such card.
Status delete_card(Transaction& tx, std::int64_t card_id);
Status set_card_blocked(Transaction& tx, std::int64_t card_id, bool blocked);

}  // namespace mamon::storage
