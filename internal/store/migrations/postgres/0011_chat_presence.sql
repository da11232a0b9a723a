-- Agents with the chat console open, per instance: with several instances on one PostgreSQL the chat is
-- available when any instance has an agent online. Each instance rewrites its own rows on every connect,
-- disconnect and heartbeat; a row not refreshed within the lease belongs to an instance that stopped.
CREATE TABLE chat_agent_presence (
	instance_id TEXT NOT NULL,
	agent_id    BIGINT NOT NULL REFERENCES staff_users (id),
	connections INTEGER NOT NULL,
	seen_at     TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (instance_id, agent_id)
);
CREATE INDEX chat_agent_presence_seen ON chat_agent_presence (seen_at);
