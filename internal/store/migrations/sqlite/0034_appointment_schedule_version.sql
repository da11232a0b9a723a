-- A version of the appointment schedule (locations, their days, desks, products, rules), raised in the
-- transaction of every change to it: each instance keeps the schedule it read and reads it again only
-- when the version moved, so a slot search or a booking reads one row instead of five tables.
CREATE TABLE appointment_schedule_version (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	version BIGINT NOT NULL
);
INSERT INTO appointment_schedule_version (id, version) VALUES (1, 1);
