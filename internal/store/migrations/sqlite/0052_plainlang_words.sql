-- The editors' own officialese list ("woord = alternatief" lines), added to the bundled one (one row).
CREATE TABLE plainlang_words (
	id         INTEGER PRIMARY KEY CHECK (id = 1),
	body       TEXT NOT NULL,
	author     TEXT NOT NULL,
	updated_at TIMESTAMP NOT NULL
);
