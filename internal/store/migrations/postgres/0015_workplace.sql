-- The agent's workplace: the agent's name on a reply, who is looking at or typing in a conversation,
-- reply templates per team, and the reminder sent to a resident who has not answered.
ALTER TABLE contact_messages ADD COLUMN author_name TEXT NOT NULL DEFAULT '';
ALTER TABLE contact_conversations ADD COLUMN reminded_at TIMESTAMPTZ;
CREATE INDEX contact_conversations_waiting ON contact_conversations (state, waiting_since) WHERE state = 'waiting';

CREATE TABLE contact_presence (
	conversation_id BIGINT NOT NULL REFERENCES contact_conversations (id),
	staff_id        BIGINT NOT NULL REFERENCES staff_users (id),
	typing          BOOLEAN NOT NULL DEFAULT FALSE,
	seen_at         TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (conversation_id, staff_id)
);

CREATE TABLE contact_templates (
	id         BIGSERIAL PRIMARY KEY,
	team       TEXT NOT NULL,
	name       TEXT NOT NULL,
	body       TEXT NOT NULL,
	updated_by TEXT NOT NULL DEFAULT '',
	updated_at TIMESTAMPTZ NOT NULL,
	UNIQUE (team, name)
);
