#include "storage/web_sessions_repo.h"

#include "storage/repo_rows.h"

namespace mamon::storage {

Status insert_web_session(Transaction& tx, const WebSessionRow& s) {
  MAMON_TRY(QueryResult inserted,
            tx.query("INSERT INTO web_sessions (id_hash, user_id, csrf_token, created_at_us, "
                     "last_seen_at_us, expires_at_us, language) "
                     "VALUES ($1, $2, $3, $4, $5, $6, $7)",
                     {s.id_hash, s.user_id, s.csrf_token, s.created_at_us, s.last_seen_at_us,
                      s.expires_at_us, s.language}));
  (void)inserted;
  return ok_status();
}

Result<std::optional<WebSessionRow>> find_web_session(Transaction& tx, std::string_view id_hash) {
  MAMON_TRY(std::optional<Row> row,
            rows::optional_row(
                tx.query("SELECT id_hash, user_id, csrf_token, created_at_us, last_seen_at_us, "
                         "expires_at_us, language FROM web_sessions WHERE id_hash = $1",
                         {std::string(id_hash)})));
  if (!row) return std::optional<WebSessionRow>();
  WebSessionRow s;
  s.id_hash = row->get_text(0);
  s.user_id = row->get_int(1);
  s.csrf_token = row->get_text(2);
  s.created_at_us = row->get_int(3);
  s.last_seen_at_us = row->get_int(4);
  s.expires_at_us = row->get_int(5);
  s.language = row->get_text(6);
  return std::optional<WebSessionRow>(std::move(s));
}

Status touch_web_session(Transaction& tx, std::string_view id_hash, TimestampUs at_us) {
  MAMON_TRY(QueryResult updated,
            tx.query("UPDATE web_sessions SET last_seen_at_us = $2 WHERE id_hash = $1",
                     {std::string(id_hash), at_us}));
  (void)updated;
  return ok_status();
}

Status set_web_session_language(Transaction& tx, std::string_view id_hash,
                                std::string_view language) {
  MAMON_TRY(QueryResult updated,
            tx.query("UPDATE web_sessions SET language = $2 WHERE id_hash = $1",
                     {std::string(id_hash), std::string(language)}));
  (void)updated;
  return ok_status();
}

Status delete_web_session(Transaction& tx, std::string_view id_hash) {
  MAMON_TRY(QueryResult deleted,
            tx.query("DELETE FROM web_sessions WHERE id_hash = $1", {std::string(id_hash)}));
  (void)deleted;
  return ok_status();
}

Result<std::int64_t> delete_other_web_sessions(Transaction& tx, std::int64_t user_id,
                                               std::string_view keep_id_hash) {
  MAMON_TRY(QueryResult deleted,
            tx.query("DELETE FROM web_sessions WHERE user_id = $1 AND id_hash <> $2",
                     {user_id, std::string(keep_id_hash)}));
  return deleted.affected_rows;
}

Result<std::int64_t> delete_expired_web_sessions(Transaction& tx, TimestampUs now_us,
                                                 TimestampUs idle_before_us) {
  MAMON_TRY(QueryResult deleted,
            tx.query("DELETE FROM web_sessions WHERE expires_at_us <= $1 OR last_seen_at_us < $2",
                     {now_us, idle_before_us}));
  return deleted.affected_rows;
}

Result<std::string> find_user_language(Transaction& tx, std::int64_t user_id) {
  MAMON_TRY(Row row,
            rows::single_row(tx.query("SELECT language FROM users WHERE id = $1", {user_id}),
                             make_error(ErrorCode::kNotFound, "No such user.")));
  return row.get_text(0);
}

Status set_user_language(Transaction& tx, std::int64_t user_id, std::string_view language) {
  MAMON_TRY(QueryResult updated, tx.query("UPDATE users SET language = $2 WHERE id = $1",
                                          {user_id, std::string(language)}));
  (void)updated;
  return ok_status();
}

}  // namespace mamon::storage
