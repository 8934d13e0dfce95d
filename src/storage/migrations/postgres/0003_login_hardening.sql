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
ALTER TABLE refresh_tokens ADD COLUMN family_jti TEXT;
ALTER TABLE refresh_tokens ADD COLUMN parent_jti TEXT;
ALTER TABLE refresh_tokens ADD COLUMN revoked_at_us BIGINT;
UPDATE refresh_tokens SET family_jti = jti;
ALTER TABLE refresh_tokens ALTER COLUMN family_jti SET NOT NULL;
CREATE INDEX refresh_tokens_family ON refresh_tokens(family_jti);
