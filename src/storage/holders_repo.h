// Holders (wallet owners) and personnel (bar staff), DESIGN.md §1. All calls run inside the
// caller's transaction. A holder's balance is read from its wallet account, never stored here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/money.h"
#include "base/result.h"
#include "domain/users.h"
#include "storage/database.h"
#include "storage/ledger_repo.h"

namespace mamon::storage {

struct NewHolder {
  std::int64_t user_id = 0;
  std::int64_t account_id = 0;  // the user's wallet account, created first
  std::optional<std::int64_t> ledenbase_id;
  std::string image;
  std::string image_ledenbase;
};

// Error kConflict if the user already has a holder or the ledenbase id is taken.
Result<std::int64_t> insert_holder(Transaction& tx, const NewHolder& holder);

// Error kHolderNotFound.
Result<domain::Holder> find_holder(Transaction& tx, std::int64_t holder_id);

// A holder with its wallet account, read in one statement (a sale or a top-up needs both).
// Error kHolderNotFound, as find_holder.
struct HolderWallet {
  domain::Holder holder;
  Account wallet;
};
Result<HolderWallet> find_holder_wallet(Transaction& tx, std::int64_t holder_id);
Result<domain::Holder> find_holder_by_user(Transaction& tx, std::int64_t user_id);
Result<domain::Holder> find_holder_by_ledenbase_id(Transaction& tx, std::int64_t ledenbase_id);

// The holder with its user, balance and active personnel record. Error kHolderNotFound.
Result<domain::HolderView> find_holder_view(Transaction& tx, std::int64_t holder_id);
Result<domain::HolderView> find_holder_view_by_user(Transaction& tx, std::int64_t user_id);

// Holders of non-system users, ordered by first name, last name, id. A non-empty `search`
// matches, case-insensitively, a substring of the username, first name, last name or full name,
// or exactly the ledenbase id or the UID of a linked (unblocked) card.
struct HolderQuery {
  std::string search;
  std::int64_t limit = 20;
  std::int64_t offset = 0;
};
Result<std::vector<domain::HolderView>> list_holder_views(Transaction& tx,
                                                          const HolderQuery& query);
// How many holders the query's search matches (limit/offset ignored).
Result<std::int64_t> count_holders(Transaction& tx, const HolderQuery& query);

// The board's holders list (WEB.md §2 "Holders"): the search of HolderQuery, by name (as
// list_holder_views) or by balance, lowest first (then by name); each row with what the list shows.
enum class HolderSort { kName, kBalanceAscending };
struct HolderListQuery {
  std::string search;  // as HolderQuery::search
  HolderSort sort = HolderSort::kName;
  std::int64_t limit = 20;
  std::int64_t offset = 0;
};
struct HolderListRow {
  domain::HolderView view;
  Cents credit_floor;           // the wallet's floor, <= 0
  std::int64_t card_count = 0;  // linked cards that are not blocked
  // The newest purchase (as buyer), wallet upgrade or online top-up of the holder, if any.
  std::optional<TimestampUs> last_activity_at_us;
};
Result<std::vector<HolderListRow>> list_holder_rows(Transaction& tx, const HolderListQuery& query);
// The total for list_holder_rows is count_holders with the same search.

struct NewPersonnel {
  std::int64_t user_id = 0;
  std::string nickname;
  std::string image;
  bool active = true;
};

// Error kConflict if the user already has a personnel record.
Result<std::int64_t> insert_personnel(Transaction& tx, const NewPersonnel& personnel);

// Error kNotFound.
Status set_personnel_active(Transaction& tx, std::int64_t personnel_id, bool active);

// Active or not. Error kNotFound.
Result<domain::Personnel> find_personnel(Transaction& tx, std::int64_t personnel_id);
// The user's personnel record (active or not), if any.
Result<std::optional<domain::Personnel>> find_personnel_by_user(Transaction& tx,
                                                                std::int64_t user_id);

}  // namespace mamon::storage
