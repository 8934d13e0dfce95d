-- Login hardening (issue 7, Security 3 and 4).

-- Failed logins, counted where every instance sharing the database sees them (limits.h "Login").
-- One row per key: scope 'pair' (username, address), 'address' (username '') or 'username'
-- (address ''). The username is the typed one, known or not. A count is forgotten once its last
-- failure is older than the window; such rows are pruned when a failure is recorded.
CREATE TABLE login_attempts (
  scope              TEXT NOT NULL CHECK (scope IN ('pair', 'address', 'username')),
  username           TEXT NOT NULL,
  address            TEXT NOT NULL,
  failures           BIGINT NOT NULL CHECK (failures > 0),
  last_failure_at_us BIGINT NOT NULL,
  PRIMARY KEY (scope, username, address)
);
CREATE INDEX login_attempts_last_failure ON login_attempts(last_failure_at_us);

-- Refresh-token families: a login starts a family (family_jti = its own jti); each rotation adds
-- a child (parent_jti = the rotated token). Presenting a rotated token again revokes the whole
-- family, so the token that replaced it stops working too. Existing tokens are their own family.
-- SQLite cannot add a NOT NULL column without a default, so the table is rebuilt.
CREATE TABLE refresh_tokens_new (
  jti            TEXT PRIMARY KEY,
  user_id        BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  expires_at_us  BIGINT NOT NULL,
  used_at_us     BIGINT,
  created_at_us  BIGINT NOT NULL,
  family_jti     TEXT NOT NULL,
  parent_jti     TEXT,
  revoked_at_us  BIGINT
);
INSERT INTO refresh_tokens_new (jti, user_id, expires_at_us, used_at_us, created_at_us, family_jti)
  SELECT jti, user_id, expires_at_us, used_at_us, created_at_us, jti FROM refresh_tokens;
DROP TABLE refresh_tokens;
ALTER TABLE refresh_tokens_new RENAME TO refresh_tokens;
CREATE INDEX refresh_tokens_user ON refresh_tokens(user_id);
CREATE INDEX refresh_tokens_family ON refresh_tokens(family_jti);
