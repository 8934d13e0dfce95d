#include "service/audit_service.h"

#include <nlohmann/json.hpp>
#include <set>

#include "base/limits.h"
#include "service/transactions.h"

namespace mamon::service {
namespace {

Status check_can_read(const domain::Caller& caller) {
  if (!domain::has_permission(caller, domain::Permission::kViewAuditLog)) {
    return domain::permission_denied_error(domain::Permission::kViewAuditLog,
                                           "Reading the audit log needs view_audit_log.");
  }
  return ok_status();
}

Status check_range(const AuditFilter& f) {
  if (f.to_us < f.from_us) {
    return make_error(ErrorCode::kInvalidInput, "The end is before the start.", "end");
  }
  return ok_status();
}

storage::AuditQuery query_of(const AuditFilter& f) {
  storage::AuditQuery q;
  q.user_id = f.user_id;
  q.action = f.action;
  q.object_type = f.object_type;
  q.object_id = f.object_id;
  q.from_us = f.from_us;
  q.to_us = f.to_us;
  return q;
}

std::string value_text(const nlohmann::json& v) {
  if (v.is_null() || (v.is_string() && v.get_ref<const std::string&>().empty())) return "—";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

const nlohmann::json& member_or_null(const nlohmann::json& object, const std::string& key) {
  static const nlohmann::json kNull;
  if (!object.is_object()) return kNull;
  auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}

}  // namespace

AuditDetailView describe_audit_detail(std::string_view detail) {
  AuditDetailView view;
  nlohmann::json j = nlohmann::json::parse(detail, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    if (!detail.empty()) view.facts.emplace_back(detail);
    return view;
  }
  const bool has_change = j.contains("before") && j.contains("after");
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (has_change && (it.key() == "before" || it.key() == "after")) continue;
    view.facts.push_back(it.key() + ": " + value_text(it.value()));
  }
  if (!has_change) return view;
  const nlohmann::json& before = j["before"];
  const nlohmann::json& after = j["after"];
  if (before.is_object() || after.is_object()) {
    std::set<std::string> keys;  // sorted
    for (const nlohmann::json* side : {&before, &after}) {
      if (!side->is_object()) continue;
      for (auto it = side->begin(); it != side->end(); ++it) keys.insert(it.key());
    }
    for (const std::string& key : keys) {
      const nlohmann::json& b = member_or_null(before, key);
      const nlohmann::json& a = member_or_null(after, key);
      std::string before_text = value_text(b), after_text = value_text(a);
      if (before_text != after_text) {
        view.changes.push_back({key, std::move(before_text), std::move(after_text)});
      }
    }
  } else if (value_text(before) != value_text(after)) {
    view.changes.push_back({"", value_text(before), value_text(after)});
  }
  return view;
}

Result<AuditList> list_audit_log(storage::Database& db, const domain::Caller& caller,
                                 const AuditFilter& filter, const PageRequest& page) {
  MAMON_RETURN_IF_ERROR(check_can_read(caller));
  MAMON_RETURN_IF_ERROR(check_range(filter));
  MAMON_RETURN_IF_ERROR(validate_page_request(page));
  storage::AuditQuery q = query_of(filter);
  q.limit = page.page_size;
  q.offset = page_offset(page);
  return run_transaction(db, storage::TxMode::kRead,
                         [&](storage::Transaction& tx) -> Result<AuditList> {
                           AuditList list;
                           MAMON_TRY(list.page.total, storage::count_audit_entries(tx, q));
                           MAMON_TRY(list.page.items, storage::list_audit_entries(tx, q));
                           return list;
                         });
}

Result<std::vector<storage::AuditEntry>> export_audit_log(storage::Database& db,
                                                          const domain::Caller& caller,
                                                          const AuditFilter& filter) {
  MAMON_RETURN_IF_ERROR(check_can_read(caller));
  MAMON_RETURN_IF_ERROR(check_range(filter));
  storage::AuditQuery q = query_of(filter);
  q.limit = limits::kExportRowsMax;
  return run_transaction(db, storage::TxMode::kRead,
                         [&](storage::Transaction& tx) -> Result<std::vector<storage::AuditEntry>> {
                           MAMON_TRY(std::int64_t total, storage::count_audit_entries(tx, q));
                           if (total > limits::kExportRowsMax) {
                             return make_error(ErrorCode::kInvalidInput,
                                               "More than " +
                                                   std::to_string(limits::kExportRowsMax) +
                                                   " entries match: choose a shorter range.",
                                               "start");
                           }
                           return storage::list_audit_entries(tx, q);
                         });
}

Result<AuditChoices> audit_filter_choices(storage::Database& db, const domain::Caller& caller) {
  MAMON_RETURN_IF_ERROR(check_can_read(caller));
  return run_transaction(db, storage::TxMode::kRead,
                         [&](storage::Transaction& tx) -> Result<AuditChoices> {
                           AuditChoices choices;
                           MAMON_TRY(choices.actions, storage::list_audit_actions(tx));
                           MAMON_TRY(choices.object_types, storage::list_audit_object_types(tx));
                           return choices;
                         });
}

}  // namespace mamon::service
