-- Resident and entrepreneur login (DigiD / eHerkenning through an OpenID Connect broker): login states
-- used once, sessions with the person encrypted, and the link of a request to whose it is. Identifiers are
-- found by keyed hashes (owner_hash); the BSN itself is only inside the encrypted columns.
CREATE TABLE identity_login_states (
	state_hash TEXT PRIMARY KEY,
	nonce      TEXT NOT NULL,
	verifier   TEXT NOT NULL,
	means      TEXT NOT NULL,
	min_level  TEXT NOT NULL,
	return_to  TEXT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE identity_sessions (
	id_hash    TEXT PRIMARY KEY,
	sealed     TEXT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL,
	last_seen  TIMESTAMPTZ NOT NULL
);
CREATE INDEX identity_sessions_last_seen ON identity_sessions (last_seen);

CREATE TABLE identity_request_links (
	request_id BIGINT PRIMARY KEY REFERENCES requests (id) ON DELETE CASCADE,
	owner_hash TEXT NOT NULL,
	means      TEXT NOT NULL,
	level      TEXT NOT NULL,
	kvk        TEXT NOT NULL DEFAULT '',
	sealed     TEXT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX identity_request_links_owner ON identity_request_links (owner_hash, request_id);
