-- Counter appointments booked while logged in, linked to whose they are (keyed hash of the BSN or KvK
-- number); sealed holds the change link's token, so Mijn loket can offer change and cancel.
CREATE TABLE identity_appointment_links (
	appointment_id BIGINT PRIMARY KEY REFERENCES appointments (id) ON DELETE CASCADE,
	owner_hash     TEXT NOT NULL,
	sealed         TEXT NOT NULL,
	created_at     TIMESTAMP NOT NULL
);
CREATE INDEX identity_appointment_links_owner ON identity_appointment_links (owner_hash, appointment_id);
