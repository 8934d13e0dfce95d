-- Web sessions (WEB.md §1, issue 8): a session per login of the website. The cookie carries a
-- random id; only its SHA-256 (id_hash) is stored. expires_at_us is the absolute end (login +
-- limits::kWebSessionAbsoluteSeconds); last_seen_at_us drives the idle lifetime
-- (limits::kWebSessionIdleSeconds). language: the session's page language ('' = not chosen).
ALTER TABLE web_sessions ADD COLUMN last_seen_at_us BIGINT NOT NULL DEFAULT 0;
ALTER TABLE web_sessions ADD COLUMN language TEXT NOT NULL DEFAULT '';
CREATE INDEX web_sessions_user ON web_sessions(user_id);
CREATE INDEX web_sessions_expires ON web_sessions(expires_at_us);

-- The language a user chose on the website ('' = none: cookie, Accept-Language, then Dutch).
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT '';
