#include "storage/audit_repo.h"

#include <string>

#include "domain/users.h"

namespace mamon::storage {

Status insert_audit_entry(Transaction& tx, const NewAuditEntry& entry) {
  MAMON_RETURN_IF_ERROR(tx.query(
      "INSERT INTO audit_log (user_id, action, object_type, object_id, detail, created_at_us) "
      "VALUES ($1, $2, $3, $4, $5, $6)",
      {param_or_null(entry.user_id), entry.action, entry.object_type, entry.object_id, entry.detail,
       entry.created_at_us}));
  return ok_status();
}

namespace {

// The WHERE clause of `q` (each criterion a parameter, numbered from $1) and its parameters.
struct AuditWhere {
  std::string sql;
  std::vector<Param> params;
};

AuditWhere audit_where(const AuditQuery& q) {
  AuditWhere w;
  auto add = [&](const char* column_op, Param value) {
    w.params.push_back(std::move(value));
    w.sql += w.sql.empty() ? " WHERE " : " AND ";
    w.sql += std::string(column_op) + " $" + std::to_string(w.params.size());
  };
  add("a.created_at_us >=", q.from_us);
  add("a.created_at_us <", q.to_us);
  if (q.user_id) add("a.user_id =", *q.user_id);
  if (!q.action.empty()) add("a.action =", q.action);
  if (!q.object_type.empty()) add("a.object_type =", q.object_type);
  if (!q.object_id.empty()) add("a.object_id =", q.object_id);
  return w;
}

Result<std::vector<std::string>> distinct_texts(Transaction& tx, const char* sql) {
  MAMON_TRY(QueryResult r, tx.query(sql));
  std::vector<std::string> out;
  out.reserve(r.rows.size());
  for (const Row& row : r.rows) out.push_back(row.get_text(0));
  return out;
}

}  // namespace

Result<std::vector<AuditEntry>> list_audit_entries(Transaction& tx, const AuditQuery& query) {
  AuditWhere w = audit_where(query);
  w.params.push_back(query.limit);
  const std::string limit = "$" + std::to_string(w.params.size());
  w.params.push_back(query.offset);
  const std::string offset = "$" + std::to_string(w.params.size());
  MAMON_TRY(
      QueryResult r,
      tx.query("SELECT a.id, a.user_id, COALESCE(u.username, ''), COALESCE(u.first_name, ''), "
               "COALESCE(u.last_name, ''), a.action, a.object_type, a.object_id, a.detail, "
               "a.created_at_us FROM audit_log a LEFT JOIN users u ON u.id = a.user_id" +
                   w.sql + " ORDER BY a.created_at_us DESC, a.id DESC LIMIT " + limit + " OFFSET " +
                   offset,
               w.params));
  std::vector<AuditEntry> entries;
  entries.reserve(r.rows.size());
  for (const Row& row : r.rows) {
    AuditEntry e;
    e.id = row.get_int(0);
    e.user_id = row.get_opt_int(1);
    e.username = row.get_text(2);
    domain::User user;
    user.username = e.username;
    user.first_name = row.get_text(3);
    user.last_name = row.get_text(4);
    e.user_name = user.display_name();
    e.action = row.get_text(5);
    e.object_type = row.get_text(6);
    e.object_id = row.get_text(7);
    e.detail = row.get_text(8);
    e.created_at_us = row.get_int(9);
    entries.push_back(std::move(e));
  }
  return entries;
}

Result<std::int64_t> count_audit_entries(Transaction& tx, const AuditQuery& query) {
  AuditWhere w = audit_where(query);
  MAMON_TRY(QueryResult r, tx.query("SELECT COUNT(*) FROM audit_log a" + w.sql, w.params));
  return r.rows.front().get_int(0);
}

Result<std::vector<std::string>> list_audit_actions(Transaction& tx) {
  return distinct_texts(tx, "SELECT DISTINCT action FROM audit_log ORDER BY action");
}

Result<std::vector<std::string>> list_audit_object_types(Transaction& tx) {
  return distinct_texts(tx, "SELECT DISTINCT object_type FROM audit_log ORDER BY object_type");
}

}  // namespace mamon::storage
