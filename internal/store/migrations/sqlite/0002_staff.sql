-- Staff accounts, their sessions and API tokens, and the audit log.
CREATE TABLE staff_users (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	email         TEXT NOT NULL UNIQUE,
	name          TEXT NOT NULL DEFAULT '',
	role          TEXT NOT NULL,
	team          TEXT NOT NULL DEFAULT '',
	password_hash TEXT NOT NULL,
	failed_logins INTEGER NOT NULL DEFAULT 0,
	locked_until  TIMESTAMP,
	disabled      BOOLEAN NOT NULL DEFAULT FALSE,
	created_at    TIMESTAMP NOT NULL
);

-- Only hashes of session ids and tokens are stored.
CREATE TABLE staff_sessions (
	id_hash    TEXT PRIMARY KEY,
	user_id    BIGINT NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
	created_at TIMESTAMP NOT NULL,
	expires_at TIMESTAMP NOT NULL
);
CREATE INDEX staff_sessions_user ON staff_sessions (user_id);

CREATE TABLE api_tokens (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	user_id    BIGINT NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
	name       TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	created_at TIMESTAMP NOT NULL,
	last_used  TIMESTAMP
);

-- Who saw or changed what: personal data views and every content change.
CREATE TABLE audit_log (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	at          TIMESTAMP NOT NULL,
	actor       TEXT NOT NULL,
	action      TEXT NOT NULL,
	object_type TEXT NOT NULL,
	object_id   TEXT NOT NULL,
	detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id);
