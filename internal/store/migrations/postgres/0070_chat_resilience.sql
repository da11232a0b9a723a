-- Live chat that survives people leaving (issue 14) and cannot be abused (issue 19, findings 2 and 10).

-- The e-mail address the resident gave when starting the chat: the only address its transcript may go
-- to, once (transcript_at), after the chat ended.
ALTER TABLE contact_chat_sessions ADD COLUMN transcript_to TEXT NOT NULL DEFAULT '';
ALTER TABLE contact_chat_sessions ADD COLUMN transcript_at TIMESTAMPTZ;
-- When a connection of the resident was last seen open on any instance (a heartbeat writes it): a waiting
-- chat nobody is connected to any more expires after a few minutes instead of clogging the queue.
ALTER TABLE contact_chat_sessions ADD COLUMN resident_seen_at TIMESTAMPTZ;

-- When an agent last had a console connection open on any instance. Every console page holds one, so an
-- agent moving between pages stays available; an agent not seen within the grace period has left, and
-- the chats they handled go back to the queue.
CREATE TABLE chat_agent_seen (
	agent_id BIGINT PRIMARY KEY REFERENCES staff_users (id),
	seen_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX chat_agent_seen_at ON chat_agent_seen (seen_at);

-- Replaced by chat_agent_seen (one row per agent, across instances).
DROP TABLE chat_agent_presence;
