-- Chat, WhatsApp and phone/counter registrations in the one inbox (issue 6). Every channel reuses the
-- conversation model of 0004; these tables add what a channel needs on top.

-- A live-chat session: the resident's unguessable token (hash only), its queue state and the agent.
-- last_seq numbers the messages of the chat so a reconnecting client can ask for what it missed.
CREATE TABLE contact_chat_sessions (
	conversation_id BIGINT PRIMARY KEY REFERENCES contact_conversations (id),
	token_hash      TEXT NOT NULL UNIQUE,
	state           TEXT NOT NULL,
	agent_id        BIGINT REFERENCES staff_users (id),
	last_seq        BIGINT NOT NULL DEFAULT 0,
	created_at      TIMESTAMPTZ NOT NULL,
	accepted_at     TIMESTAMPTZ,
	ended_at        TIMESTAMPTZ
);
CREATE INDEX contact_chat_sessions_state ON contact_chat_sessions (state, created_at);
CREATE INDEX contact_chat_sessions_agent ON contact_chat_sessions (agent_id, state);

-- The sequence number of a chat message within its conversation; NULL for other channels.
ALTER TABLE contact_messages ADD COLUMN seq BIGINT;
CREATE UNIQUE INDEX contact_messages_seq ON contact_messages (conversation_id, seq);
-- The sending client's id of a chat message: a message resent after a dropped connection is stored once.
ALTER TABLE contact_messages ADD COLUMN client_id TEXT;
CREATE UNIQUE INDEX contact_messages_client_id ON contact_messages (conversation_id, client_id);

-- WhatsApp message ids (wamid) for deduplication and delivery statuses of outbound messages.
CREATE TABLE contact_whatsapp_messages (
	id         BIGSERIAL PRIMARY KEY,
	message_id BIGINT NOT NULL REFERENCES contact_messages (id),
	wa_id      TEXT UNIQUE,
	direction  TEXT NOT NULL,
	status     TEXT NOT NULL DEFAULT '',
	status_at  TIMESTAMPTZ,
	error      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX contact_whatsapp_messages_message ON contact_whatsapp_messages (message_id);

-- The outbox carries WhatsApp messages too: recipient is then a phone number, subject a template name.
ALTER TABLE outbox ADD COLUMN channel TEXT NOT NULL DEFAULT 'email';
CREATE INDEX outbox_channel_due ON outbox (channel, state, next_attempt_at);

-- Interne taken get a colleague, a due time and a state history (open, in_progress, done).
ALTER TABLE contact_tasks ADD COLUMN kind TEXT NOT NULL DEFAULT 'task';
ALTER TABLE contact_tasks ADD COLUMN assignee_id BIGINT REFERENCES staff_users (id);
ALTER TABLE contact_tasks ADD COLUMN due_at TIMESTAMPTZ;
ALTER TABLE contact_tasks ADD COLUMN updated_at TIMESTAMPTZ;
ALTER TABLE contact_tasks ADD COLUMN done_at TIMESTAMPTZ;
CREATE INDEX contact_tasks_team ON contact_tasks (team, state);

-- A phone call or counter visit an agent registered, with its result.
CREATE TABLE contact_registrations (
	conversation_id BIGINT PRIMARY KEY REFERENCES contact_conversations (id),
	channel         TEXT NOT NULL,
	result          TEXT NOT NULL,
	created_by      TEXT NOT NULL,
	created_at      TIMESTAMPTZ NOT NULL
);
