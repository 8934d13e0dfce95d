#include "service/import/import_plan.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <tuple>

#include "domain/accounts.h"
#include "service/import/field_reader.h"
#include "service/import/import_planner.h"
#include "service/passwords.h"

namespace mamon::service::import {
namespace {

template <typename R>
std::int64_t max_pk(const std::vector<R>& records) {
  std::int64_t out = 0;
  for (const R& r : records) out = std::max(out, r.pk.value_or(0));
  return out;
}

// Repair rule (a): pk-less records get ids above every dumped, referenced and stored id.
template <typename R>
std::int64_t give_new_pks(std::vector<R>& records, std::int64_t floor,
                          std::vector<std::string>& warnings) {
  std::int64_t next = std::max(max_pk(records), floor) + 1;
  std::int64_t given = 0;
  for (R& r : records) {
    if (r.pk) continue;
    r.pk = next++;
    ++given;
    warnings.push_back(describe(r.ref) + ": record without \"model\" has exactly the fields of " +
                       r.label + "; imported as " + r.label + " with new pk " +
                       std::to_string(*r.pk));
  }
  return given;
}

// Stable: records with equal pks (an error found later) keep their file order.
template <typename R>
void sort_by_pk(std::vector<R>& records) {
  std::stable_sort(records.begin(), records.end(),
                   [](const R& a, const R& b) { return *a.pk < *b.pk; });
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

Planner::Planner(DumpData data, const storage::ImportIdFloors& floors, TimestampUs now_us)
    : data_(std::move(data)), floors_(floors), now_us_(now_us) {
  plan_.warnings = data_.warnings;
}

Error Planner::bad(const DumpRecord& record, const std::string& reason) const {
  return make_error(ErrorCode::kMalformedRecord, describe_record(record) + ": " + reason);
}

void Planner::warn(const DumpRecord& record, const std::string& text) {
  plan_.warnings.push_back(describe_record(record) + ": " + text);
}

Result<ImportPlan> Planner::run() {
  MAMON_RETURN_IF_ERROR(assign_recovered_pks());
  MAMON_RETURN_IF_ERROR(index_records());
  MAMON_RETURN_IF_ERROR(plan_groups_and_users());
  MAMON_RETURN_IF_ERROR(plan_holders());
  MAMON_RETURN_IF_ERROR(plan_personnel());
  MAMON_RETURN_IF_ERROR(plan_stock());
  MAMON_RETURN_IF_ERROR(plan_products_and_categories());
  MAMON_RETURN_IF_ERROR(plan_reports_and_cycles());
  MAMON_RETURN_IF_ERROR(plan_purchases());
  MAMON_RETURN_IF_ERROR(plan_mollie_payments());
  MAMON_RETURN_IF_ERROR(plan_wallet_upgrades());
  MAMON_RETURN_IF_ERROR(plan_cards());
  MAMON_RETURN_IF_ERROR(plan_meals());
  MAMON_RETURN_IF_ERROR(plan_client_applications());
  MAMON_RETURN_IF_ERROR(plan_history());
  MAMON_RETURN_IF_ERROR(plan_ledger());
  return std::move(plan_);
}

Status Planner::assign_recovered_pks() {
  // Products: above the order lines' product references too, which may become placeholders.
  std::int64_t product_floor = floors_.products;
  for (const DumpOrder& o : data_.orders) product_floor = std::max(product_floor, o.product);
  std::int64_t& n = plan_.counts.recovered_records;
  n += give_new_pks(data_.groups, floors_.groups, plan_.warnings);
  n += give_new_pks(data_.users, floors_.users, plan_.warnings);
  n += give_new_pks(data_.holders, floors_.holders, plan_.warnings);
  n += give_new_pks(data_.personnel, floors_.personnel, plan_.warnings);
  n += give_new_pks(data_.products, product_floor, plan_.warnings);
  n += give_new_pks(data_.categories, floors_.categories, plan_.warnings);
  n += give_new_pks(data_.orders, 0, plan_.warnings);
  n += give_new_pks(data_.purchases, floors_.purchases, plan_.warnings);
  n += give_new_pks(data_.reports, floors_.reports, plan_.warnings);
  n += give_new_pks(data_.bar_cycles, floors_.bar_cycles, plan_.warnings);
  n += give_new_pks(data_.wallet_upgrades, floors_.wallet_upgrades, plan_.warnings);
  n += give_new_pks(data_.mollie_payments, floors_.mollie_payments, plan_.warnings);
  n += give_new_pks(data_.stocks, floors_.stock_items, plan_.warnings);
  n += give_new_pks(data_.stock_mutations, floors_.stock_mutations, plan_.warnings);
  n += give_new_pks(data_.cards, floors_.cards, plan_.warnings);
  n += give_new_pks(data_.meals, floors_.meals, plan_.warnings);
  n += give_new_pks(data_.meal_orders, floors_.meal_signups, plan_.warnings);
  n += give_new_pks(data_.meal_payments, 0, plan_.warnings);
  n += give_new_pks(data_.client_applications, floors_.client_applications, plan_.warnings);
  n += give_new_pks(data_.client_administrators, 0, plan_.warnings);
  // From here on every record is planned in pk order, whatever the order of the dump: a shuffled
  // dump imports exactly the same rows (and the same transfers, in the same order).
  sort_by_pk(data_.groups);
  sort_by_pk(data_.users);
  sort_by_pk(data_.holders);
  sort_by_pk(data_.personnel);
  sort_by_pk(data_.products);
  sort_by_pk(data_.categories);
  sort_by_pk(data_.orders);
  sort_by_pk(data_.purchases);
  sort_by_pk(data_.reports);
  sort_by_pk(data_.bar_cycles);
  sort_by_pk(data_.wallet_upgrades);
  sort_by_pk(data_.mollie_payments);
  sort_by_pk(data_.stocks);
  sort_by_pk(data_.stock_mutations);
  sort_by_pk(data_.cards);
  sort_by_pk(data_.meals);
  sort_by_pk(data_.meal_orders);
  sort_by_pk(data_.meal_payments);
  sort_by_pk(data_.client_applications);
  sort_by_pk(data_.client_administrators);
  std::stable_sort(data_.history.begin(), data_.history.end(), [](const auto& a, const auto& b) {
    return std::tie(a.object_label, a.history_id) < std::tie(b.object_label, b.history_id);
  });
  return ok_status();
}

namespace {

template <typename R>
Status index_by_pk(const std::vector<R>& records, std::map<std::int64_t, const R*>& out,
                   const Planner* planner,
                   Error (Planner::*bad)(const DumpRecord&, const std::string&) const) {
  for (const R& r : records) {
    auto [it, inserted] = out.emplace(*r.pk, &r);
    if (!inserted) {
      return (planner->*bad)(r, "duplicate pk " + std::to_string(*r.pk) + " (already used by " +
                                    describe_record(*it->second) + ")");
    }
  }
  return ok_status();
}

}  // namespace

Status Planner::index_records() {
  MAMON_RETURN_IF_ERROR(index_by_pk(data_.groups, groups_, this, &Planner::bad));
  MAMON_RETURN_IF_ERROR(index_by_pk(data_.users, users_, this, &Planner::bad));
  MAMON_RETURN_IF_ERROR(index_by_pk(data_.holders, holders_, this, &Planner::bad));
  MAMON_RETURN_IF_ERROR(index_by_pk(data_.personnel, personnel_, this, &Planner::bad));
  MAMON_RETURN_IF_ERROR(index_by_pk(data_.products, products_, this, &Planner::bad));
  MAMON_RETURN_IF_ERROR(index_by_pk(data_.categories, categories_, this, &Planner::bad));
  MAMON_RETURN_IF_ERROR(index_by_pk(data_.orders, orders_, this, &Planner::bad));
  MAMON_RETURN_IF_ERROR(index_by_pk(data_.purchases, purchases_, this, &Planner::bad));
  MAMON_RETURN_IF_ERROR(index_by_pk(data_.reports, reports_, this, &Planner::bad));
  MAMON_RETURN_IF_ERROR(index_by_pk(data_.bar_cycles, bar_cycles_, this, &Planner::bad));
  MAMON_RETURN_IF_ERROR(index_by_pk(data_.wallet_upgrades, wallet_upgrades_, this, &Planner::bad));
  MAMON_RETURN_IF_ERROR(index_by_pk(data_.mollie_payments, mollie_payments_, this, &Planner::bad));
  MAMON_RETURN_IF_ERROR(index_by_pk(data_.stocks, stocks_, this, &Planner::bad));
  MAMON_RETURN_IF_ERROR(index_by_pk(data_.stock_mutations, stock_mutations_, this, &Planner::bad));
  MAMON_RETURN_IF_ERROR(index_by_pk(data_.cards, cards_, this, &Planner::bad));
  MAMON_RETURN_IF_ERROR(index_by_pk(data_.meals, meals_, this, &Planner::bad));
  MAMON_RETURN_IF_ERROR(index_by_pk(data_.meal_orders, meal_orders_, this, &Planner::bad));
  MAMON_RETURN_IF_ERROR(index_by_pk(data_.meal_payments, meal_payments_, this, &Planner::bad));
  MAMON_RETURN_IF_ERROR(
      index_by_pk(data_.client_applications, client_applications_, this, &Planner::bad));
  MAMON_RETURN_IF_ERROR(
      index_by_pk(data_.client_administrators, client_administrators_, this, &Planner::bad));
  // History is keyed by history_id within its model: label and id together are unique.
  std::map<std::pair<std::string, std::int64_t>, const DumpHistory*> history;
  for (const DumpHistory& h : data_.history) {
    auto [it, inserted] = history.emplace(std::pair{h.label, h.history_id}, &h);
    if (!inserted) {
      return bad(h, "duplicate history_id " + std::to_string(h.history_id) + " (already used by " +
                        describe_record(*it->second) + ")");
    }
  }
  return ok_status();
}

Status Planner::plan_groups_and_users() {
  std::map<std::string, const DumpGroup*> group_names;
  // A dump group whose name exists already (migration 0006's defaults, an earlier import) joins
  // that group; the others keep their pk unless an existing group has it, then they move above
  // every id in use. So both orders work: migrate then import, and an import meeting its groups.
  std::map<std::int64_t, std::int64_t> group_ids;  // dump pk -> id in the database
  std::set<std::int64_t> taken;
  for (const auto& [name, id] : floors_.existing_groups) taken.insert(id);
  std::int64_t next_free = std::max(floors_.groups, max_pk(data_.groups)) + 1;
  for (const DumpGroup& g : data_.groups) {
    auto [it, inserted] = group_names.emplace(g.name, &g);
    if (!inserted) {
      return bad(
          g, "duplicate group name '" + g.name + "' (also " + describe_record(*it->second) + ")");
    }
    if (auto existing = floors_.existing_groups.find(g.name);
        existing != floors_.existing_groups.end()) {
      group_ids[*g.pk] = existing->second;
      ++plan_.counts.groups_existing;
      continue;
    }
    std::int64_t id = *g.pk;
    if (taken.contains(id)) {
      id = next_free++;
      warn(g, "pk " + std::to_string(*g.pk) + " belongs to an existing group; imported as group " +
                  std::to_string(id));
    }
    taken.insert(id);
    group_ids[*g.pk] = id;
    plan_.batch.groups.push_back({id, g.name});
  }
  std::map<std::string, const DumpUser*> usernames;
  std::int64_t users_with_permissions = 0;
  for (const DumpUser& u : data_.users) {
    auto [it, inserted] = usernames.emplace(u.username, &u);
    if (!inserted) {
      return bad(
          u, "duplicate username '" + u.username + "' (also " + describe_record(*it->second) + ")");
    }
    storage::ImportUserRow row;
    row.id = *u.pk;
    row.username = u.username;
    // Django pbkdf2 hashes stay verifiable; any other text is not a hash: no local password.
    if (is_usable_password_hash(u.password)) {
      row.password_hash = u.password;
      ++plan_.counts.passwords_kept;
    } else if (!u.password.empty()) {
      ++plan_.counts.passwords_cleared;
    }
    row.first_name = u.first_name;
    row.last_name = u.last_name;
    row.email = u.email;
    row.is_active = u.is_active;
    row.is_superuser = u.is_superuser;
    row.is_staff = u.is_staff;
    row.date_joined_at_us = u.date_joined_us;
    row.last_login_at_us = u.last_login_us;
    // Repair (h): the old system's own anonymous-sale users become Mamon's system users.
    if (u.username == domain::kSystemUserCash || u.username == domain::kSystemUserPin) {
      row.is_system = true;
      row.is_active = false;
      row.password_hash.clear();
      warn(u, "'" + u.username +
                  "' is a system user in Mamon: imported as such (inactive, no password)");
    }
    std::set<std::int64_t> seen;
    for (std::int64_t group : u.groups) {
      if (!groups_.contains(group))
        return bad(u, "reference to missing group " + std::to_string(group));
      if (seen.insert(group).second) row.group_ids.push_back(group_ids.at(group));
    }
    plan_.counts.group_links += static_cast<std::int64_t>(row.group_ids.size());
    if (u.user_permissions > 0) ++users_with_permissions;
    plan_.batch.users.push_back(std::move(row));
  }
  if (users_with_permissions > 0) {
    plan_.warnings.push_back(std::to_string(users_with_permissions) +
                             " user(s) had Django user_permissions; Mamon uses groups (roles) "
                             "only, so they were ignored");
  }
  plan_.counts.groups = static_cast<std::int64_t>(data_.groups.size());
  plan_.counts.users = static_cast<std::int64_t>(plan_.batch.users.size());
  return ok_status();
}

Status Planner::plan_holders() {
  std::map<std::int64_t, const DumpHolder*> by_user;
  std::map<std::int64_t, const DumpHolder*> by_ledenbase;
  for (const DumpHolder& h : data_.holders) {
    auto user = users_.find(h.user);
    if (user == users_.end()) return bad(h, "reference to missing user " + std::to_string(h.user));
    auto [it, inserted] = by_user.emplace(h.user, &h);
    if (!inserted) {
      return bad(h, "user " + std::to_string(h.user) + " already has a holder (" +
                        describe_record(*it->second) + ")");
    }
    storage::ImportHolderRow row;
    row.id = *h.pk;
    row.user_id = h.user;
    // Repair (c): the old system wrote 0 for "no ledenbase member"; NULL keeps the column unique.
    if (h.ledenbase_id && *h.ledenbase_id == 0) {
      ++plan_.counts.ledenbase_ids_cleared;
    } else if (h.ledenbase_id) {
      auto [other, fresh] = by_ledenbase.emplace(*h.ledenbase_id, &h);
      if (!fresh) {
        return bad(h, "duplicate ledenbase_id " + std::to_string(*h.ledenbase_id) + " (also " +
                          describe_record(*other->second) + ")");
      }
      row.ledenbase_id = h.ledenbase_id;
    }
    row.image = h.image;
    row.image_ledenbase = h.image_ledenbase;
    row.created_at_us = user->second->date_joined_us;
    holder_user_[row.id] = h.user;
    holder_stand_[row.id] = h.stand;
    plan_.batch.holders.push_back(std::move(row));
  }
  plan_.counts.holders_imported = static_cast<std::int64_t>(plan_.batch.holders.size());
  // Repair (d): every user has exactly one holder.
  std::int64_t next =
      std::max(floors_.holders, holders_.empty() ? 0 : holders_.rbegin()->first) + 1;
  std::string created;
  for (const auto& [user_id, user] : users_) {
    if (by_user.contains(user_id)) continue;
    storage::ImportHolderRow row;
    row.id = next++;
    row.user_id = user_id;
    row.created_at_us = user->date_joined_us;
    holder_user_[row.id] = user_id;
    holder_stand_[row.id] = Cents::zero();
    if (!created.empty()) created += ", ";
    created += std::to_string(user_id);
    plan_.batch.holders.push_back(std::move(row));
    ++plan_.counts.holders_created;
  }
  if (plan_.counts.holders_created > 0) {
    plan_.warnings.push_back(std::to_string(plan_.counts.holders_created) +
                             " user(s) had no holder; created one with balance 0.00 for user(s) " +
                             created);
  }
  return ok_status();
}

Status Planner::plan_personnel() {
  std::map<std::int64_t, const DumpPersonnel*> by_user;
  for (const DumpPersonnel& p : data_.personnel) {
    if (!users_.contains(p.user))
      return bad(p, "reference to missing user " + std::to_string(p.user));
    auto [it, inserted] = by_user.emplace(p.user, &p);
    if (!inserted) {
      return bad(p, "user " + std::to_string(p.user) + " already has a personnel record (" +
                        describe_record(*it->second) + ")");
    }
    plan_.batch.personnel.push_back({*p.pk, p.user, p.nickname, p.image, p.active});
    if (!p.active) ++plan_.counts.personnel_inactive;
  }
  plan_.counts.personnel = static_cast<std::int64_t>(plan_.batch.personnel.size());
  return ok_status();
}

Status Planner::plan_products_and_categories() {
  std::map<std::string, const DumpProduct*> names;
  for (const DumpProduct& p : data_.products) {
    auto [it, inserted] = names.emplace(p.name, &p);
    if (!inserted) {
      return bad(
          p, "duplicate product name '" + p.name + "' (also " + describe_record(*it->second) + ")");
    }
    storage::ImportProductRow row;
    MAMON_RETURN_IF_ERROR(plan_product_stock(p, row));
    row.id = *p.pk;
    row.name = p.name;
    row.price_cents = p.price.value();
    row.color = p.color;
    row.active = p.active;
    row.image = p.image;
    row.grootboek_waarde = p.grootboek_waarde;
    product_price_[row.id] = p.price;
    plan_.batch.products.push_back(std::move(row));
  }
  plan_.counts.products_imported = static_cast<std::int64_t>(plan_.batch.products.size());
  // Repair (b): a line of a purchased order whose product is not in the dump gets a placeholder.
  std::set<std::int64_t> purchased_orders;
  for (const DumpPurchase& p : data_.purchases)
    purchased_orders.insert(p.orders.begin(), p.orders.end());
  std::set<std::int64_t> placeholders;
  for (const DumpOrder& o : data_.orders) {
    if (!purchased_orders.contains(*o.pk) || products_.contains(o.product)) continue;
    const std::string name = "Missing product #" + std::to_string(o.product) + " (import)";
    if (placeholders.insert(o.product).second) {
      if (names.contains(name)) {
        return bad(o, "product " + std::to_string(o.product) +
                          " is missing and its placeholder's name '" + name + "' is taken");
      }
      storage::ImportProductRow row;
      row.id = o.product;
      row.name = name;
      row.color = "#FFFFFF";
      row.active = false;
      plan_.batch.products.push_back(std::move(row));
      product_price_[o.product] = Cents::zero();
      ++plan_.counts.products_placeholder;
    }
    warn(o, "product " + std::to_string(o.product) +
                " is not in the dump; the line uses placeholder "
                "product " +
                std::to_string(o.product) + " '" + name + "' (inactive, price 0.00)");
  }
  for (const DumpCategory& c : data_.categories) {
    storage::ImportCategoryRow row{*c.pk, c.name, c.description, {}};
    std::set<std::int64_t> seen;
    for (std::int64_t product : c.products) {
      if (!product_price_.contains(product)) {
        return bad(c, "reference to missing product " + std::to_string(product));
      }
      if (seen.insert(product).second) row.product_ids.push_back(product);
    }
    plan_.batch.categories.push_back(std::move(row));
  }
  plan_.counts.categories = static_cast<std::int64_t>(plan_.batch.categories.size());
  return ok_status();
}

Status Planner::plan_reports_and_cycles() {
  std::map<std::int64_t, std::size_t> report_row;  // report pk -> index in batch.reports
  for (const DumpReport& r : data_.reports) {
    if (!personnel_.contains(r.personnel)) {
      return bad(r, "reference to missing personnel " + std::to_string(r.personnel));
    }
    storage::ImportReportRow row;
    row.id = *r.pk;
    row.personnel_id = r.personnel;
    const std::string action = lowercase(r.action);
    if (action == "open" || action == "middle" || action == "close") {
      row.action = action;
    } else {
      row.action = "other";
      row.legacy_action = r.action;
      ++plan_.counts.reports_other_action;
    }
    row.total_cash_cents = r.total_cash.value();
    row.flow_meter1 = r.flow_meter1;
    row.flow_meter2 = r.flow_meter2;
    row.comment = r.comment;
    row.created_at_us = r.date_us;
    report_row[row.id] = plan_.batch.reports.size();
    plan_.batch.reports.push_back(std::move(row));
  }
  const DumpBarCycle* open_cycle = nullptr;
  for (const DumpBarCycle& c : data_.bar_cycles) {
    for (auto report : {std::optional<std::int64_t>(c.opening_report), c.closing_report}) {
      if (report && !reports_.contains(*report)) {
        return bad(c, "reference to missing report " + std::to_string(*report));
      }
    }
    if (!c.closing_report) {
      if (open_cycle != nullptr) {
        return bad(c, "a second open bar cycle (also " + describe_record(*open_cycle) + ")");
      }
      open_cycle = &c;
    }
    plan_.batch.bar_cycles.push_back({*c.pk, c.opening_report, c.closing_report});
    for (auto report : {std::optional<std::int64_t>(c.opening_report), c.closing_report}) {
      if (!report) continue;
      storage::ImportReportRow& row = plan_.batch.reports[report_row.at(*report)];
      if (row.bar_cycle_id && *row.bar_cycle_id != *c.pk) {
        warn(c, "report " + std::to_string(*report) + " already belongs to bar cycle " +
                    std::to_string(*row.bar_cycle_id) + "; it keeps that one");
        continue;
      }
      row.bar_cycle_id = *c.pk;
    }
  }
  plan_.counts.reports = static_cast<std::int64_t>(plan_.batch.reports.size());
  plan_.counts.bar_cycles = static_cast<std::int64_t>(plan_.batch.bar_cycles.size());
  return ok_status();
}

Result<ImportPlan> plan_import(DumpData data, const storage::ImportIdFloors& floors,
                               TimestampUs now_us) {
  Planner planner(std::move(data), floors, now_us);
  return planner.run();
}

}  // namespace mamon::service::import
