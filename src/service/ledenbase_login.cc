#include "service/ledenbase_login.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <vector>

#include "base/text.h"
#include "domain/accounts.h"
#include "service/transactions.h"
#include "storage/audit_repo.h"
#include "storage/holders_repo.h"
#include "storage/ledenbase_repo.h"
#include "storage/ledger_repo.h"
#include "storage/users_repo.h"

namespace mamon::service {
namespace {

// What the ledenbase decides about a user, as the audit log shows it before and after.
struct LedenbaseFields {
  std::string username;
  std::string first_name;
  std::string last_name;
  std::optional<std::int64_t> ledenbase_id;
  std::string image_ledenbase;
  bool in_admins_group = false;

  nlohmann::json to_json(bool with_group) const {
    nlohmann::json j = {{"username", username},
                        {"first_name", first_name},
                        {"last_name", last_name},
                        {"ledenbase_id", ledenbase_id ? nlohmann::json(*ledenbase_id) : nullptr},
                        {"image_ledenbase", image_ledenbase}};
    if (with_group) j["in_admins_group"] = in_admins_group;
    return j;
  }
};

Error relink_conflict(std::int64_t linked_id, std::int64_t member_id) {
  return make_error(ErrorCode::kConflict,
                    "This account is linked to another ledenbase member (id " +
                        std::to_string(linked_id) + ", not " + std::to_string(member_id) +
                        "). Ask the board to check the account.");
}

// The local user the member is, if any: by ledenbase id first, then by username. Error
// kConflict when the username's holder is linked to another member.
Result<std::optional<domain::User>> find_member_user(storage::Transaction& tx,
                                                     std::string_view username,
                                                     std::int64_t member_id) {
  Result<domain::Holder> linked = storage::find_holder_by_ledenbase_id(tx, member_id);
  if (linked.ok()) {
    MAMON_TRY(domain::User user, storage::find_user(tx, linked->user_id));
    return std::optional<domain::User>(std::move(user));
  }
  if (linked.error().code != ErrorCode::kHolderNotFound) return linked.error();
  Result<domain::User> named = storage::find_user_by_username(tx, username);
  if (!named.ok()) {
    if (named.error().code != ErrorCode::kNotFound) return named.error();
    return std::optional<domain::User>();
  }
  Result<domain::Holder> holder = storage::find_holder_by_user(tx, named->id);
  if (holder.ok() && holder->ledenbase_id && *holder->ledenbase_id != member_id) {
    return relink_conflict(*holder->ledenbase_id, member_id);
  }
  if (!holder.ok() && holder.error().code != ErrorCode::kHolderNotFound) return holder.error();
  return std::optional<domain::User>(std::move(*named));
}

// A new user without local password, with wallet and holder. A concurrent first login of the
// same member loses on a UNIQUE key: kTransactionConflict, so the whole login runs again and
// then finds the user.
Result<std::int64_t> insert_member_user(storage::Transaction& tx, const LedenbaseFields& fields,
                                        TimestampUs now_us) {
  auto lost_race = [](Error e) {
    if (e.code == ErrorCode::kConflict) e.code = ErrorCode::kTransactionConflict;
    return e;
  };
  storage::NewUser user;
  user.username = fields.username;
  user.first_name = fields.first_name;
  user.last_name = fields.last_name;
  user.date_joined_at_us = now_us;
  Result<std::int64_t> user_id = storage::insert_user(tx, user);
  if (!user_id.ok()) return lost_race(std::move(user_id).error());
  MAMON_TRY(std::int64_t account_id,
            storage::insert_account(tx, storage::AccountKind::kWallet,
                                    domain::wallet_account_name(*user_id), now_us));
  storage::NewHolder holder;
  holder.user_id = *user_id;
  holder.account_id = account_id;
  holder.ledenbase_id = fields.ledenbase_id;
  holder.image_ledenbase = fields.image_ledenbase;
  Result<std::int64_t> holder_id = storage::insert_holder(tx, holder);
  if (!holder_id.ok()) return lost_race(std::move(holder_id).error());
  return *user_id;
}

Status audit(storage::Transaction& tx, std::int64_t user_id, bool created,
             const std::optional<LedenbaseFields>& before, const LedenbaseFields& after,
             bool with_group, TimestampUs now_us) {
  storage::NewAuditEntry entry;
  entry.user_id = user_id;
  entry.action = created ? "ledenbase_user_created" : "ledenbase_user_updated";
  entry.object_type = "user";
  entry.object_id = std::to_string(user_id);
  entry.detail = nlohmann::json{{"before", before ? before->to_json(with_group) : nullptr},
                                {"after", after.to_json(with_group)}}
                     .dump();
  entry.created_at_us = now_us;
  return storage::insert_audit_entry(tx, entry);
}

}  // namespace

std::string ledenbase_last_name(std::string_view tussenvoegsel, std::string_view achternaam) {
  const std::string first = trimmed(tussenvoegsel);
  const std::string second = trimmed(achternaam);
  std::string name(first);
  if (!first.empty() && !second.empty()) name += ' ';
  name += second;
  return name;
}

Status check_ledenbase_admins_group(storage::Database& db, std::string_view group_name) {
  if (group_name.empty()) return ok_status();
  MAMON_TRY(std::optional<std::int64_t> id,
            run_transaction(db, storage::TxMode::kRead, [&](storage::Transaction& tx) {
              return storage::group_id_named(tx, group_name);
            }));
  if (!id) {
    return make_error(ErrorCode::kInvalidInput,
                      "LEDENBASE_ADMINS names the group '" + std::string(group_name) +
                          "', which does not exist (create it, or set LEDENBASE_ADMINS=none)",
                      "LEDENBASE_ADMINS");
  }
  return ok_status();
}

LedenbaseLogin::LedenbaseLogin(storage::Database& db, const Clock& clock,
                               const LedenbaseGateway& gateway, std::string admins_group)
    : db_(db), clock_(clock), gateway_(gateway), admins_group_(std::move(admins_group)) {}

Result<std::optional<std::int64_t>> LedenbaseLogin::authenticate(std::string_view username,
                                                                 std::string_view password) const {
  MAMON_TRY(std::optional<LedenbaseMember> member, gateway_.log_in(username, password));
  if (!member) return std::optional<std::int64_t>();
  if (member->id <= 0) {
    return make_error(ErrorCode::kUnavailable,
                      "The ledenbase is not available: it named no member id.");
  }
  const bool with_group = !admins_group_.empty();
  return run_transaction(
      db_, storage::TxMode::kWrite,
      [&](storage::Transaction& tx) -> Result<std::optional<std::int64_t>> {
        const TimestampUs now_us = clock_.now_us();
        LedenbaseFields after;
        after.first_name = trimmed(member->voornaam);
        after.last_name = ledenbase_last_name(member->tussenvoegsel, member->achternaam);
        after.ledenbase_id = member->id;
        after.image_ledenbase = member->foto;
        std::optional<std::int64_t> group_id;
        if (with_group) {
          MAMON_TRY(group_id, storage::group_id_named(tx, admins_group_));
          if (!group_id) {  // deleted since the start-up check
            return make_error(ErrorCode::kUnavailable, "The group LEDENBASE_ADMINS names (" +
                                                           admins_group_ + ") no longer exists.");
          }
        }

        MAMON_TRY(std::optional<domain::User> user, find_member_user(tx, username, member->id));
        if (user && (!user->is_active || user->is_system)) return std::optional<std::int64_t>();
        // The username follows the ledenbase (a renamed member keeps their account); a found
        // user whose username differs was found by ledenbase id.
        after.username = std::string(username);

        std::optional<LedenbaseFields> before;
        std::int64_t user_id = 0;
        if (user) {
          user_id = user->id;
          MAMON_TRY(domain::Holder holder, storage::find_holder_by_user(tx, user_id));
          MAMON_TRY(std::vector<std::string> groups, storage::group_names_of_user(tx, user_id));
          before = LedenbaseFields{
              user->username,
              user->first_name,
              user->last_name,
              holder.ledenbase_id,
              holder.image_ledenbase,
              std::find(groups.begin(), groups.end(), admins_group_) != groups.end()};
          after.in_admins_group = before->in_admins_group;
          if (after.username != user->username) {
            Result<domain::User> other = storage::find_user_by_username(tx, after.username);
            if (other.ok()) {
              return make_error(ErrorCode::kConflict,
                                "The ledenbase renamed this member to '" + after.username +
                                    "', which is another account's username here. Ask the "
                                    "board to check both accounts.");
            }
            if (other.error().code != ErrorCode::kNotFound) return other.error();
          }
          MAMON_RETURN_IF_ERROR(storage::update_user_from_ledenbase(
              tx, user_id, after.username, after.first_name, after.last_name));
          MAMON_RETURN_IF_ERROR(storage::update_holder_from_ledenbase(tx, holder.id, member->id,
                                                                      after.image_ledenbase));
        } else {
          MAMON_TRY(user_id, insert_member_user(tx, after, now_us));
        }
        if (group_id && member->is_administrator && !after.in_admins_group) {
          MAMON_RETURN_IF_ERROR(storage::add_user_to_group(tx, user_id, *group_id));
          after.in_admins_group = true;
        }
        const bool changed = !before || before->to_json(with_group) != after.to_json(with_group);
        if (changed) {
          MAMON_RETURN_IF_ERROR(audit(tx, user_id, !before, before, after, with_group, now_us));
        }
        return std::optional<std::int64_t>(user_id);
      });
}

}  // namespace mamon::service
