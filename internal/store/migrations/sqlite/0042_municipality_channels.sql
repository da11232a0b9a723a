-- The channels of one municipality (e-mail intake and relay, WhatsApp, resident login, staff SSO, payment),
-- as its administrator sets them in the console. Kept in the tenant's own database; the secrets inside
-- the body are sealed with the host's key.
CREATE TABLE municipality_channels (
	id         INTEGER PRIMARY KEY,
	body       TEXT NOT NULL,
	updated_at TIMESTAMP NOT NULL,
	updated_by TEXT NOT NULL
);
