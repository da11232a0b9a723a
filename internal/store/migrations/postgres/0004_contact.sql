-- Contact: one inbox for every written channel, in the vocabulary of VNG Klantinteracties.
-- partij (party) with digitale adressen, klantcontact (conversation) with betrokkenen and an
-- onderwerpobject (topic), messages, interne taken, the outbox, satisfaction and deflection events.
CREATE TABLE contact_parties (
	id         BIGSERIAL PRIMARY KEY,
	name       TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE contact_digital_addresses (
	id         BIGSERIAL PRIMARY KEY,
	party_id   BIGINT NOT NULL REFERENCES contact_parties (id),
	kind       TEXT NOT NULL,
	address    TEXT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL,
	UNIQUE (kind, address)
);
CREATE INDEX contact_digital_addresses_party ON contact_digital_addresses (party_id);

CREATE TABLE contact_sequences (
	year INTEGER PRIMARY KEY,
	last INTEGER NOT NULL
);

CREATE TABLE contact_conversations (
	id                BIGSERIAL PRIMARY KEY,
	reference         TEXT NOT NULL UNIQUE,
	party_id          BIGINT NOT NULL REFERENCES contact_parties (id),
	channel           TEXT NOT NULL,
	subject           TEXT NOT NULL DEFAULT '',
	state             TEXT NOT NULL,
	team              TEXT NOT NULL DEFAULT '',
	assignee_id       BIGINT REFERENCES staff_users (id),
	topic_type        TEXT NOT NULL DEFAULT '',
	topic_id          TEXT NOT NULL DEFAULT '',
	merged_into       BIGINT REFERENCES contact_conversations (id),
	automatic         BOOLEAN NOT NULL DEFAULT FALSE,
	created_at        TIMESTAMPTZ NOT NULL,
	updated_at        TIMESTAMPTZ NOT NULL,
	first_response_at TIMESTAMPTZ,
	closed_at         TIMESTAMPTZ,
	waiting_since     TIMESTAMPTZ,
	paused_seconds    BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX contact_conversations_state ON contact_conversations (state, updated_at);
CREATE INDEX contact_conversations_party ON contact_conversations (party_id);

CREATE TABLE contact_betrokkenen (
	id              BIGSERIAL PRIMARY KEY,
	conversation_id BIGINT NOT NULL REFERENCES contact_conversations (id),
	party_id        BIGINT NOT NULL REFERENCES contact_parties (id),
	role            TEXT NOT NULL,
	name            TEXT NOT NULL DEFAULT '',
	address         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX contact_betrokkenen_conversation ON contact_betrokkenen (conversation_id);

CREATE TABLE contact_messages (
	id              BIGSERIAL PRIMARY KEY,
	conversation_id BIGINT NOT NULL REFERENCES contact_conversations (id),
	kind            TEXT NOT NULL,
	channel         TEXT NOT NULL,
	author          TEXT NOT NULL DEFAULT '',
	subject         TEXT NOT NULL DEFAULT '',
	body            TEXT NOT NULL,
	body_html       TEXT NOT NULL DEFAULT '',
	mail_id         TEXT,
	in_reply_to     TEXT NOT NULL DEFAULT '',
	automatic       BOOLEAN NOT NULL DEFAULT FALSE,
	suggestion_used TEXT NOT NULL DEFAULT '',
	notes           TEXT NOT NULL DEFAULT '',
	created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX contact_messages_conversation ON contact_messages (conversation_id, id);
CREATE UNIQUE INDEX contact_messages_mail_id ON contact_messages (mail_id);

CREATE TABLE contact_attachments (
	id           BIGSERIAL PRIMARY KEY,
	message_id   BIGINT NOT NULL REFERENCES contact_messages (id),
	filename     TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size         BIGINT NOT NULL,
	data         BYTEA NOT NULL
);
CREATE INDEX contact_attachments_message ON contact_attachments (message_id);

CREATE TABLE contact_tasks (
	id              BIGSERIAL PRIMARY KEY,
	conversation_id BIGINT NOT NULL REFERENCES contact_conversations (id),
	team            TEXT NOT NULL,
	description     TEXT NOT NULL,
	state           TEXT NOT NULL,
	created_by      TEXT NOT NULL,
	created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX contact_tasks_conversation ON contact_tasks (conversation_id);

-- Satisfaction after closing: only the hash of the resident's link is stored.
CREATE TABLE contact_satisfaction (
	conversation_id BIGINT PRIMARY KEY REFERENCES contact_conversations (id),
	token_hash      TEXT NOT NULL UNIQUE,
	score           INTEGER,
	comment         TEXT NOT NULL DEFAULT '',
	created_at      TIMESTAMPTZ NOT NULL,
	answered_at     TIMESTAMPTZ
);

-- Deflection on the contact form: counts only, no personal data.
CREATE TABLE contact_events (
	id         BIGSERIAL PRIMARY KEY,
	kind       TEXT NOT NULL,
	article_id TEXT NOT NULL DEFAULT '',
	at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX contact_events_kind ON contact_events (kind, at);

-- Transactional outbox: written in the same transaction as the message it sends.
CREATE TABLE outbox (
	id              BIGSERIAL PRIMARY KEY,
	message_id      BIGINT NOT NULL REFERENCES contact_messages (id),
	mail_id         TEXT NOT NULL,
	recipient       TEXT NOT NULL,
	subject         TEXT NOT NULL,
	body            TEXT NOT NULL,
	in_reply_to     TEXT NOT NULL DEFAULT '',
	refs            TEXT NOT NULL DEFAULT '',
	state           TEXT NOT NULL,
	attempts        INTEGER NOT NULL DEFAULT 0,
	next_attempt_at TIMESTAMPTZ NOT NULL,
	last_error      TEXT NOT NULL DEFAULT '',
	created_at      TIMESTAMPTZ NOT NULL,
	sent_at         TIMESTAMPTZ
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
CREATE INDEX outbox_message ON outbox (message_id);
