-- Change links of appointments. Only a link's SHA-256 is kept, so a later mail cannot repeat an earlier
-- link: every mail that carries one (the confirmation, a reminder, a move by staff) gets a fresh link,
-- written in the transaction that queues the mail, and the earlier links keep working. Each link ends at
-- its expiry (the end of the appointment, moved along when the appointment moves); cancelling deletes the
-- appointment's links, so they all answer "not found".
CREATE TABLE appointment_links (
	token_hash     TEXT PRIMARY KEY,
	appointment_id BIGINT NOT NULL REFERENCES appointments (id),
	expires_unix   BIGINT NOT NULL,
	created_at     TIMESTAMP NOT NULL
);
CREATE INDEX appointment_links_appointment ON appointment_links (appointment_id);
INSERT INTO appointment_links (token_hash, appointment_id, expires_unix, created_at)
	SELECT token_hash, id, end_unix, created_at FROM appointments WHERE token_hash IS NOT NULL AND state <> 'cancelled';
