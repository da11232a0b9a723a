-- Questions asked while logged in, linked to whose they are (keyed hash of the BSN or KvK number), for
-- Mijn loket.
CREATE TABLE identity_conversation_links (
	conversation_id BIGINT PRIMARY KEY REFERENCES contact_conversations (id) ON DELETE CASCADE,
	owner_hash      TEXT NOT NULL,
	created_at      TIMESTAMP NOT NULL
);
CREATE INDEX identity_conversation_links_owner ON identity_conversation_links (owner_hash, conversation_id);
