-- Who the municipality is (name, logo, colours, contact details, promises, prefixes, top tasks, footer
-- links), as its administrator sets it in the console: one row, the settings as JSON.
CREATE TABLE municipality_settings (
	id         INTEGER PRIMARY KEY CHECK (id = 1),
	body       TEXT NOT NULL,
	updated_at TIMESTAMP NOT NULL,
	updated_by TEXT NOT NULL
);
