-- Online requests: form definitions per product, drafts, submitted requests with their timeline,
-- uploaded files, reference-number counters and the requester mail outbox.
CREATE TABLE request_forms (
	product_id TEXT PRIMARY KEY,
	version    INTEGER NOT NULL,
	data       TEXT NOT NULL,
	updated_by TEXT NOT NULL DEFAULT '',
	updated_at TIMESTAMP NOT NULL
);

-- A draft is found by the hash of the token in the resume link; the token itself is never stored.
CREATE TABLE request_drafts (
	token_hash TEXT PRIMARY KEY,
	product_id TEXT NOT NULL,
	data       TEXT NOT NULL,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);

CREATE TABLE request_numbers (
	year INTEGER PRIMARY KEY,
	last INTEGER NOT NULL
);

CREATE TABLE requests (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	reference   TEXT NOT NULL UNIQUE,
	token_hash  TEXT NOT NULL UNIQUE,
	product_id  TEXT NOT NULL,
	team        TEXT NOT NULL DEFAULT '',
	status      TEXT NOT NULL,
	assignee    TEXT NOT NULL DEFAULT '',
	deadline    TEXT NOT NULL,
	urgent      BOOLEAN NOT NULL DEFAULT FALSE,
	received_at TIMESTAMP NOT NULL,
	updated_at  TIMESTAMP NOT NULL,
	data        TEXT NOT NULL
);
CREATE INDEX requests_queue ON requests (status, team, deadline);

CREATE TABLE request_events (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	request_id BIGINT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
	at         TIMESTAMP NOT NULL,
	actor      TEXT NOT NULL,
	kind       TEXT NOT NULL,
	status     TEXT NOT NULL DEFAULT '',
	text       TEXT NOT NULL DEFAULT '',
	public     BOOLEAN NOT NULL
);
CREATE INDEX request_events_request ON request_events (request_id, id);

-- Files live under the data directory with a random name; name is only what the uploader called it.
CREATE TABLE request_files (
	id           TEXT PRIMARY KEY,
	request_id   BIGINT REFERENCES requests (id) ON DELETE CASCADE,
	draft_hash   TEXT,
	field        TEXT NOT NULL DEFAULT '',
	name         TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size         BIGINT NOT NULL,
	from_staff   BOOLEAN NOT NULL DEFAULT FALSE,
	created_at   TIMESTAMP NOT NULL
);
CREATE INDEX request_files_request ON request_files (request_id);
CREATE INDEX request_files_draft ON request_files (draft_hash);

CREATE TABLE request_outbox (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	to_addr    TEXT NOT NULL,
	subject    TEXT NOT NULL,
	body       TEXT NOT NULL,
	created_at TIMESTAMP NOT NULL,
	sent_at    TIMESTAMP
);
