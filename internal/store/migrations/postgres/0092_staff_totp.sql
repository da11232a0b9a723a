-- A second factor (TOTP, RFC 6238) for staff accounts that sign in with a loket password: the secret
-- encrypted, the last time step used (a code works once), and the short-lived challenge between the
-- password and the code.
CREATE TABLE staff_totp (
	user_id    BIGINT PRIMARY KEY REFERENCES staff_users (id) ON DELETE CASCADE,
	sealed     TEXT NOT NULL,
	confirmed  BOOLEAN NOT NULL DEFAULT FALSE,
	last_step  BIGINT NOT NULL DEFAULT 0,
	created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE staff_totp_challenges (
	token_hash TEXT PRIMARY KEY,
	user_id    BIGINT NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
	back       TEXT NOT NULL,
	attempts   INTEGER NOT NULL DEFAULT 0,
	created_at TIMESTAMPTZ NOT NULL
);
