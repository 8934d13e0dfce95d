// NFC cards (API.md "Holders and cards"): a card UID in hex, linked to one user. UIDs are stored
// upper-case and compared case-insensitively, so "04a1b2" and "04A1B2" are the same card.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"

namespace mamon::domain {

// Upper-cases a card UID after checking it: 1..limits::kCardIdLengthMax characters, hex digits
// only. Error: kInvalidInput (field "card_id").
Result<std::string> normalize_card_uid(std::string_view uid);

// Card names are labels ("blue keyring"); at most limits::kNameLengthMax bytes.
// Error: kInvalidInput (field "card_name").
Status validate_card_name(std::string_view name);

struct Card {
  std::int64_t id = 0;
  std::string card_id;  // the UID, upper-case hex
  std::string card_name;
  std::int64_t user_id = 0;
  bool blocked = false;  // blocked/lost cards are not found by UID
  TimestampUs created_at_us = 0;
};

}  // namespace mamon::domain
