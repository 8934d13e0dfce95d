// Cards, meals, client applications and simple_history of the import plan (see import_plan.h).
#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "base/limits.h"
#include "service/import/field_reader.h"
#include "service/import/import_planner.h"

namespace mamon::service::import {
namespace {

// The schema's CHECK on meal_signups.portions and client_application_paths.pattern.
constexpr std::int64_t kPortionsMax = 1000;
constexpr std::size_t kPathPatternLengthMax = 1000;

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool is_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

}  // namespace

// The old client application's `paths` text, as its tokens carry it: patterns separated by commas
// and newlines, surrounding blanks ignored, empty pieces dropped.
std::vector<std::string> split_client_paths(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') continue;
    std::string_view piece = trim(text.substr(start, i - start));
    if (!piece.empty()) out.emplace_back(piece);
    start = i + 1;
  }
  return out;
}

Status Planner::plan_cards() {
  std::map<std::string, const DumpCard*> uids;
  std::string non_hex;
  for (const DumpCard& c : data_.cards) {
    std::int64_t user = 0;
    if (c.user) {
      if (!users_.contains(*c.user))
        return bad(c, "reference to missing user " + std::to_string(*c.user));
      user = *c.user;
    }
    if (c.holder) {
      auto holder = holders_.find(*c.holder);
      if (holder == holders_.end()) {
        return bad(c, "reference to missing holder " + std::to_string(*c.holder));
      }
      if (c.user && holder->second->user != user) {
        return bad(c, "its user and its holder's user differ");
      }
      user = holder->second->user;
    }
    std::string uid(trim(c.card_id));
    for (char& ch : uid) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (uid.empty() || uid.size() > limits::kCardIdLengthMax) {
      return bad(c, "field 'card_id' must be 1 to " + std::to_string(limits::kCardIdLengthMax) +
                        " characters long");
    }
    if (uid != c.card_id) ++plan_.counts.card_ids_upper_cased;
    if (auto [it, inserted] = uids.emplace(uid, &c); !inserted) {
      return bad(c, "duplicate card_id '" + uid + "' once upper-cased (also " +
                        describe_record(*it->second) + ")");
    }
    if (!is_hex(uid)) {
      if (!non_hex.empty()) non_hex += ", ";
      non_hex += std::to_string(*c.pk);
    }
    plan_.batch.cards.push_back({*c.pk, uid, c.card_name, user, now_us_});
  }
  if (!non_hex.empty()) {
    plan_.warnings.push_back("card(s) " + non_hex +
                             " have a card_id that is not hexadecimal: imported, but a reader "
                             "never presents such a UID");
  }
  plan_.counts.cards = static_cast<std::int64_t>(plan_.batch.cards.size());
  return ok_status();
}

Status Planner::plan_meals() {
  std::map<std::int64_t, std::size_t> meal_row;  // meal pk -> index in batch.meals
  for (const DumpMeal& m : data_.meals) {
    if (m.closing_us < m.opening_us) warn(m, "sign-up closes before it opens; imported as it is");
    storage::ImportMealRow row;
    row.id = *m.pk;
    row.title = m.title;
    row.description = m.description;
    row.meal_at_us = m.date_us;
    row.signup_opens_at_us = m.opening_us;
    row.signup_closes_at_us = m.closing_us;
    row.cost_per_portion_cents = m.cost.value();
    row.participants_max = m.max_participants;
    row.created_at_us = m.opening_us;
    meal_row[row.id] = plan_.batch.meals.size();
    plan_.batch.meals.push_back(std::move(row));
  }
  // (meal, holder) -> index in that meal's sign-ups: one sign-up per holder and meal.
  std::map<std::pair<std::int64_t, std::int64_t>, std::size_t> signup_of;
  auto check_refs = [&](const DumpMealOrder& o) -> Status {
    if (!meal_row.contains(o.meal))
      return bad(o, "reference to missing meal " + std::to_string(o.meal));
    if (!holders_.contains(o.holder)) {
      return bad(o, "reference to missing holder " + std::to_string(o.holder));
    }
    return ok_status();
  };
  for (const DumpMealOrder& o : data_.meal_orders) {
    MAMON_RETURN_IF_ERROR(check_refs(o));
    if (o.quantity == 0) {
      ++plan_.counts.meal_signups_empty;
      warn(o, "quantity 0: not a sign-up, not imported");
      continue;
    }
    storage::ImportMealRow& meal = plan_.batch.meals[meal_row.at(o.meal)];
    auto [it, fresh] = signup_of.emplace(std::pair{o.meal, o.holder}, meal.signups.size());
    if (!fresh) {
      storage::ImportMealSignupRow& first = meal.signups[it->second];
      if (first.portions + o.quantity > kPortionsMax) return bad(o, "too many portions in all");
      first.portions += o.quantity;
      if (!o.comment.empty()) first.comment += (first.comment.empty() ? "" : "; ") + o.comment;
      ++plan_.counts.meal_signups_merged;
      warn(o, "holder " + std::to_string(o.holder) + " signed up for meal " +
                  std::to_string(o.meal) + " before (sign-up " + std::to_string(first.id) +
                  "); merged into it");
      continue;
    }
    meal.signups.push_back({*o.pk, o.holder, o.quantity, o.comment, false, now_us_});
  }
  std::int64_t next =
      std::max(floors_.meal_signups, meal_orders_.empty() ? 0 : meal_orders_.rbegin()->first) + 1;
  for (const DumpMealOrder& p : data_.meal_payments) {
    MAMON_RETURN_IF_ERROR(check_refs(p));
    storage::ImportMealRow& meal = plan_.batch.meals[meal_row.at(p.meal)];
    auto found = signup_of.find(std::pair{p.meal, p.holder});
    if (found == signup_of.end()) {
      if (p.quantity == 0) {
        warn(p, "a payment for 0 portions without sign-up; not imported");
        continue;
      }
      warn(p, "a payment without sign-up: imported as a sign-up of " + std::to_string(p.quantity) +
                  " portion(s), marked paid in the old system");
      signup_of.emplace(std::pair{p.meal, p.holder}, meal.signups.size());
      meal.signups.push_back({next++, p.holder, p.quantity, "", true, now_us_});
      ++plan_.counts.meal_signups_created;
      continue;
    }
    storage::ImportMealSignupRow& signup = meal.signups[found->second];
    if (signup.paid_in_old_system) {
      warn(p, "a second payment for sign-up " + std::to_string(signup.id) + "; it stays paid once");
      continue;
    }
    if (signup.portions != p.quantity) {
      warn(p, "paid " + std::to_string(p.quantity) + " portion(s) of sign-up " +
                  std::to_string(signup.id) + "'s " + std::to_string(signup.portions) +
                  "; the sign-up is marked paid as it is");
    }
    signup.paid_in_old_system = true;
  }
  plan_.counts.meals = static_cast<std::int64_t>(plan_.batch.meals.size());
  for (const storage::ImportMealRow& m : plan_.batch.meals) {
    plan_.counts.meal_signups += static_cast<std::int64_t>(m.signups.size());
    for (const storage::ImportMealSignupRow& s : m.signups) {
      if (s.paid_in_old_system) ++plan_.counts.meal_signups_paid;
    }
  }
  return ok_status();
}

Status Planner::plan_client_applications() {
  std::map<std::string, const DumpClientApplication*> identifiers;
  std::map<std::int64_t, std::size_t> app_row;
  for (const DumpClientApplication& c : data_.client_applications) {
    if (!users_.contains(c.user))
      return bad(c, "reference to missing user " + std::to_string(c.user));
    if (auto [it, inserted] = identifiers.emplace(c.identifier, &c); !inserted) {
      return bad(c, "duplicate identifier '" + c.identifier + "' (also " +
                        describe_record(*it->second) + ")");
    }
    storage::ImportClientApplicationRow row;
    row.id = *c.pk;
    row.identifier = c.identifier;
    row.name = c.name;
    row.user_id = c.user;
    row.paths = split_client_paths(c.paths);
    for (const std::string& path : row.paths) {
      if (path.size() > kPathPatternLengthMax) return bad(c, "a path pattern is too long");
    }
    if (row.paths.empty()) warn(c, "has no paths: its tokens are refused on every path");
    row.created_at_us = now_us_;
    plan_.counts.client_paths += static_cast<std::int64_t>(row.paths.size());
    app_row[row.id] = plan_.batch.client_applications.size();
    plan_.batch.client_applications.push_back(std::move(row));
  }
  for (const DumpClientAdministrator& a : data_.client_administrators) {
    auto app = app_row.find(a.client_application);
    if (app == app_row.end()) {
      return bad(a,
                 "reference to missing client application " + std::to_string(a.client_application));
    }
    if (!users_.contains(a.user))
      return bad(a, "reference to missing user " + std::to_string(a.user));
    std::vector<std::int64_t>& admins =
        plan_.batch.client_applications[app->second].administrator_ids;
    if (std::find(admins.begin(), admins.end(), a.user) != admins.end()) continue;
    admins.push_back(a.user);
    ++plan_.counts.client_administrators;
  }
  plan_.counts.client_applications =
      static_cast<std::int64_t>(plan_.batch.client_applications.size());
  return ok_status();
}

Status Planner::plan_history() {
  // Each object's versions in time order, to tell what every change changed.
  std::map<std::pair<std::string, std::string>, std::vector<const DumpHistory*>> versions;
  for (const DumpHistory& h : data_.history) {
    if (h.user && !users_.contains(*h.user)) {
      return bad(h, "reference to missing user " + std::to_string(*h.user) + " (history_user)");
    }
    versions[{h.object_label, h.object_id}].push_back(&h);
  }
  struct Entry {
    const DumpHistory* record;
    storage::ImportAuditRow row;
  };
  std::vector<Entry> entries;
  for (auto& [object, list] : versions) {
    std::sort(list.begin(), list.end(), [](const DumpHistory* a, const DumpHistory* b) {
      return std::tie(a->date_us, a->history_id) < std::tie(b->date_us, b->history_id);
    });
    const DumpHistory* previous = nullptr;
    for (const DumpHistory* h : list) {
      nlohmann::json detail = {{"source", h->label}, {"history_id", h->history_id}};
      auto value = [](const std::string& text) { return nlohmann::json::parse(text); };
      if (h->type == '~' && previous != nullptr) {
        nlohmann::json changed = nlohmann::json::object();
        std::set<std::string> names;
        for (const auto& [name, text] : h->values) names.insert(name);
        for (const auto& [name, text] : previous->values) names.insert(name);
        for (const std::string& name : names) {
          auto now = h->values.find(name);
          auto before = previous->values.find(name);
          const nlohmann::json to = now == h->values.end() ? nlohmann::json() : value(now->second);
          const nlohmann::json from =
              before == previous->values.end() ? nlohmann::json() : value(before->second);
          if (to != from) changed[name] = {{"from", from}, {"to", to}};
        }
        detail["changed"] = std::move(changed);
      } else {
        nlohmann::json fields = nlohmann::json::object();
        for (const auto& [name, text] : h->values) fields[name] = value(text);
        detail["fields"] = std::move(fields);
      }
      if (h->change_reason) detail["reason"] = *h->change_reason;
      storage::ImportAuditRow row;
      row.user_id = h->user;
      row.action = h->type == '+'   ? "imported_history.created"
                   : h->type == '-' ? "imported_history.deleted"
                                    : "imported_history.changed";
      row.object_type = h->object_label;
      row.object_id = h->object_id;
      row.detail = detail.dump();
      row.created_at_us = h->date_us;
      entries.push_back({h, std::move(row)});
      previous = h;
    }
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return std::tie(a.row.created_at_us, a.record->label, a.record->history_id) <
           std::tie(b.row.created_at_us, b.record->label, b.record->history_id);
  });
  for (Entry& e : entries) plan_.batch.audit_entries.push_back(std::move(e.row));
  plan_.counts.history_entries = static_cast<std::int64_t>(plan_.batch.audit_entries.size());
  return ok_status();
}

}  // namespace mamon::service::import
