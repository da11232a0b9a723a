-- Mijn loket shows the questions of every channel that belong to the person: those asked while logged in,
-- those a staff member linked (source 'staff', audited), and those from an e-mail address the person
-- confirmed with a mailed code while logged in (from covers_from on).
CREATE TABLE identity_addresses (
	id           BIGSERIAL PRIMARY KEY,
	owner_hash   TEXT NOT NULL,
	kind         TEXT NOT NULL,
	address      TEXT NOT NULL,
	code_hash    TEXT NOT NULL DEFAULT '',
	code_expires TIMESTAMPTZ,
	attempts     INTEGER NOT NULL DEFAULT 0,
	created_at   TIMESTAMPTZ NOT NULL,
	confirmed_at TIMESTAMPTZ,
	covers_from  TIMESTAMPTZ,
	UNIQUE (owner_hash, kind, address)
);
CREATE INDEX identity_addresses_address ON identity_addresses (kind, address);

ALTER TABLE identity_conversation_links ADD COLUMN source TEXT NOT NULL DEFAULT 'login';
