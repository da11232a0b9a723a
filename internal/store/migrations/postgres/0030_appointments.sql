-- Counter appointments: locations with opening hours and exceptions per date, desks and the products they
-- serve, product durations, the booking rules, appointments, and the desk cells that make double booking
-- impossible: every booked appointment holds one row per 5 minutes of its desk, under a primary key.
CREATE TABLE appointment_locations (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	street     TEXT NOT NULL DEFAULT '',
	postcode   TEXT NOT NULL DEFAULT '',
	city       TEXT NOT NULL DEFAULT '',
	hours      TEXT NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE appointment_location_days (
	location_id TEXT NOT NULL REFERENCES appointment_locations (id),
	day         TEXT NOT NULL,
	closed      BOOLEAN NOT NULL,
	hours       TEXT NOT NULL DEFAULT '',
	note        TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (location_id, day)
);

CREATE TABLE appointment_products (
	id                 TEXT PRIMARY KEY,
	title              TEXT NOT NULL,
	minutes_per_person INTEGER NOT NULL
);

CREATE TABLE appointment_desks (
	id          BIGSERIAL PRIMARY KEY,
	location_id TEXT NOT NULL REFERENCES appointment_locations (id),
	name        TEXT NOT NULL,
	active      BOOLEAN NOT NULL DEFAULT TRUE
);

CREATE TABLE appointment_desk_products (
	desk_id    BIGINT NOT NULL REFERENCES appointment_desks (id),
	product_id TEXT NOT NULL REFERENCES appointment_products (id),
	PRIMARY KEY (desk_id, product_id)
);

-- One row: the booking rules.
CREATE TABLE appointment_rules (
	id   INTEGER PRIMARY KEY CHECK (id = 1),
	data TEXT NOT NULL
);

-- Start, end and busy_until (end plus the buffer) are Unix seconds, so the slot search reads them cheaply.
CREATE TABLE appointments (
	id              BIGSERIAL PRIMARY KEY,
	reference       TEXT NOT NULL UNIQUE,
	token_hash      TEXT UNIQUE,
	location_id     TEXT NOT NULL REFERENCES appointment_locations (id),
	desk_id         BIGINT REFERENCES appointment_desks (id),
	products        TEXT NOT NULL,
	persons         INTEGER NOT NULL,
	start_unix      BIGINT NOT NULL,
	end_unix        BIGINT NOT NULL,
	busy_until_unix BIGINT NOT NULL,
	name            TEXT NOT NULL DEFAULT '',
	email           TEXT NOT NULL DEFAULT '',
	email_key       TEXT NOT NULL DEFAULT '',
	phone           TEXT NOT NULL DEFAULT '',
	state           TEXT NOT NULL,
	source          TEXT NOT NULL,
	urgent          BOOLEAN NOT NULL DEFAULT FALSE,
	sequence        INTEGER NOT NULL DEFAULT 0,
	wait_minutes    BIGINT NOT NULL DEFAULT 0,
	created_by      TEXT NOT NULL DEFAULT '',
	created_at      TIMESTAMPTZ NOT NULL,
	updated_at      TIMESTAMPTZ NOT NULL,
	cancelled_at    TIMESTAMPTZ,
	checked_in_at   TIMESTAMPTZ,
	no_show_at      TIMESTAMPTZ,
	reminded_at     TIMESTAMPTZ,
	conversation_id BIGINT REFERENCES contact_conversations (id)
);
CREATE INDEX appointments_location_start ON appointments (location_id, start_unix, state, desk_id, busy_until_unix, id);
CREATE INDEX appointments_start ON appointments (start_unix, state);
CREATE INDEX appointments_email ON appointments (email_key, state, start_unix);
CREATE INDEX appointments_created ON appointments (created_at);

-- The cell is Unix minutes divided by 5. The primary key is what refuses a second booking of a desk's time.
CREATE TABLE appointment_cells (
	desk_id        BIGINT NOT NULL,
	cell           BIGINT NOT NULL,
	appointment_id BIGINT NOT NULL REFERENCES appointments (id),
	PRIMARY KEY (desk_id, cell)
);
CREATE INDEX appointment_cells_appointment ON appointment_cells (appointment_id);

-- The waiting time to the first free slot per product, measured once a day (the last run of the day wins).
CREATE TABLE appointment_waits (
	day        TEXT NOT NULL,
	product_id TEXT NOT NULL,
	minutes    BIGINT NOT NULL,
	PRIMARY KEY (day, product_id)
);

-- Files sent with an outbox mail (the calendar file of an appointment).
CREATE TABLE outbox_attachments (
	id           BIGSERIAL PRIMARY KEY,
	outbox_id    BIGINT NOT NULL REFERENCES outbox (id),
	filename     TEXT NOT NULL,
	content_type TEXT NOT NULL,
	data         BYTEA NOT NULL
);
CREATE INDEX outbox_attachments_outbox ON outbox_attachments (outbox_id);
