-- A version per location, raised in every transaction that changes the booked time there; the changed
-- appointment carries the version that changed it. Every instance keeps the booked time it read and
-- reads only the appointments changed since, so the slot search does not reread months of bookings.
CREATE TABLE appointment_busy_versions (
	location_id TEXT PRIMARY KEY,
	version     BIGINT NOT NULL
);
ALTER TABLE appointments ADD COLUMN busy_version BIGINT NOT NULL DEFAULT 0;
CREATE INDEX appointments_busy_version ON appointments (location_id, busy_version);
