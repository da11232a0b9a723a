-- Editorial workflow: the search synonym list kept by editors, and the results of the broken-link check.
CREATE TABLE search_synonyms (
	id         INTEGER PRIMARY KEY CHECK (id = 1), -- one list per instance
	body       TEXT NOT NULL,
	author     TEXT NOT NULL DEFAULT '',
	updated_at TIMESTAMPTZ NOT NULL
);

-- The links found in article bodies at the last check; only the latest run is kept.
CREATE TABLE link_checks (
	article_id TEXT NOT NULL,
	url        TEXT NOT NULL,
	ok         BOOLEAN NOT NULL,
	status     INTEGER NOT NULL DEFAULT 0,
	problem    TEXT NOT NULL DEFAULT '',
	checked_at TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (article_id, url)
);
CREATE INDEX link_checks_broken ON link_checks (ok, article_id);
