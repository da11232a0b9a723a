-- The ID token of each staff session signed in through SSO (by the hash of the session id), so signing
-- out can end the identity provider's session too (RP-initiated logout with id_token_hint).
CREATE TABLE identity_staff_sso_sessions (
	session_hash TEXT PRIMARY KEY,
	id_token     TEXT NOT NULL,
	expires_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX identity_staff_sso_sessions_expires ON identity_staff_sso_sessions (expires_at);
